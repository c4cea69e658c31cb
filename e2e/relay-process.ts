import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The recogniser a spec's relay runs unless the spec says otherwise: PocketSphinx alone, by name
 * (docs/testing.md, "Which recogniser a test runs"). The specs speak Flite's voices and check
 * its words; the default writer (Moonshine, issue 61) would write them otherwise.
 */
export const PINNED_RECOGNISER: Readonly<Record<string, string>> = {
  ASR_PROVIDERS: 'pocketsphinx',
};

/**
 * The shipped default recogniser (`ASR_PROVIDERS` blank: unset), for a spec that checks
 * recognition as a fresh relay does it: pass it in {@link E2eRelayOptions.env}.
 */
export const SHIPPED_RECOGNISER: Readonly<Record<string, string>> = { ASR_PROVIDERS: '' };

export interface E2eRelayOptions {
  /**
   * Keep the relay's log lines (pino JSON) in {@link E2eRelay.logs} at this level (`debug` has
   * one line per message). Default: logs at `warn`, not kept.
   */
  logLevel?: 'debug' | 'info' | 'warn';
  /**
   * More environment for the relay (providers pointed at fake servers, origins, limits), over
   * {@link PINNED_RECOGNISER}.
   */
  env?: Record<string, string>;
}

/** A relay (the built one, serving the built app) the test can kill and restart. */
export class E2eRelay {
  private child: ChildProcess | null = null;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  readonly url: string;
  /** The relay's log lines, parsed, when started with `logLevel`. */
  readonly logs: Record<string, unknown>[] = [];

  constructor(
    readonly port: number,
    private readonly options: E2eRelayOptions = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const keepLogs = this.options.logLevel !== undefined;
    this.child = spawn(process.execPath, ['--unhandled-rejections=strict', 'relay/dist/main.js'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: this.options.logLevel ?? 'warn',
        ...PINNED_RECOGNISER,
        ...this.options.env,
      },
      stdio: ['ignore', keepLogs ? 'pipe' : 'ignore', 'ignore'],
    });
    if (keepLogs && this.child.stdout) {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.logs.push({ msg: line });
        }
      });
    }
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${this.url}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the relay did not start');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

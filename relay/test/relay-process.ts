import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The recogniser a test that depends on Flite's words runs (docs/testing.md): PocketSphinx
 * alone, whatever the shipped default.
 */
export const PINNED_RECOGNISER = 'pocketsphinx';

/**
 * The shipped default recogniser (`ASR_PROVIDERS` blank: unset), for a test over
 * {@link TEST_RELAY_ENV} that checks recognition as a fresh relay does it.
 */
export const SHIPPED_RECOGNISER: Readonly<Record<string, string>> = { ASR_PROVIDERS: '' };

/**
 * What the relays the tests start run with unless a test says otherwise: no PocketSphinx
 * decoder loaded ahead. A relay that hears speech loads one as its user starts talking (the
 * audio waits for it); most test relays hear none, and loading two each was most of their
 * start-up. conversation.test.ts runs the shipped default.
 *
 * And 60 s, not 10, from the end of an utterance to its final transcript: on a starved machine
 * (load 12–15 on 2 cores) loading that decoder and catching up on a 4×-speed utterance took
 * longer than 10 s, and turns the tests expected to complete failed at the ASR (restart and
 * lossless-restart tests). Tests of the ASR's timeout set their own.
 *
 * And the recogniser pinned by name, PocketSphinx alone (docs/testing.md, "Which recogniser a
 * test runs"): these tests speak Flite's voices and check its words, or hear no speech at all;
 * the default writer (Moonshine, issue 61) would change their words and load a model in each.
 * A test of recognition itself, or of the default, says so: {@link SHIPPED_RECOGNISER}.
 */
export const TEST_RELAY_ENV: Readonly<Record<string, string>> = {
  POCKETSPHINX_SPARES: '0',
  ASR_FINAL_TIMEOUT_S: '60',
  // Tests that look for local model servers say where (a fake); the others look nowhere.
  LOCAL_SERVER_PROBES: 'none',
  ASR_PROVIDERS: PINNED_RECOGNISER,
};

/** Ports {@link freePort} chooses from: below Linux's ephemeral range (32768–60999). */
const OWN_PORTS = { from: 20_000, to: 32_000 };

/**
 * A free loopback port for a server that binds it later (and again after a restart). Chosen
 * below the ephemeral range, where the OS never hands ports out by itself: a port it picked
 * (port 0, a client socket's own end) was once taken in the moment between this check and the
 * relay's bind, with test files running side by side. Two callers may still pick one port
 * (one chance in 12,000).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = OWN_PORTS.from + Math.floor(Math.random() * (OWN_PORTS.to - OWN_PORTS.from));
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

const sources = { main: '../src/main.ts', talk: '../src/talk/cli.ts' } as const;

/**
 * Node arguments that run the relay (`main`) or `pnpm talk` (`talk`): the production bundle when
 * the test run built one (relay-dist-setup.ts sets PARLEY_TEST_RELAY_DIST), else the sources
 * through tsx (Playwright, or a test run without that setup).
 */
export function nodeArgsFor(program: keyof typeof sources): string[] {
  const dist = process.env.PARLEY_TEST_RELAY_DIST;
  if (dist) return [join(dist, `${program}.js`)];
  return ['--import', 'tsx', fileURLToPath(new URL(sources[program], import.meta.url))];
}

/** The relay as its own process (the way it runs in production), for kill and restart tests. */
export class RelayProcess {
  private child: ChildProcess | null = null;
  readonly url: string;
  readonly wsUrl: string;
  output = '';

  /** The structured (pino JSON) lines the relay has logged so far, in order. */
  logLines<Line extends { level: number; msg: string }>(): Line[] {
    return this.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
  }

  /**
   * @param user who it runs as (root starts it as another user); absent: as the tests do
   */
  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly user?: { uid: number; gid: number },
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/ws`;
  }

  /** Starts it and waits until /health answers. */
  async start(timeoutMs = 30_000): Promise<void> {
    // An unhandled rejection crashes it (as Node does by default), so no test can pass over one.
    const child = spawn(
      process.execPath,
      ['--unhandled-rejections=strict', ...nodeArgsFor('main')],
      {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          ...this.env,
          PORT: String(this.port),
          HOST: '127.0.0.1',
          WEB_DIST: 'none',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(this.user ?? {}),
      },
    );
    this.child = child;
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`relay exited (${child.exitCode}): ${this.output}`);
      const ok = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`relay did not start: ${this.output}`);
  }

  /** Its process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends `signal` and waits for the process to exit; returns its exit code or signal. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (child && child.exitCode !== null && child.exitCode !== 0)
      throw new Error(`the relay had exited on its own (${child.exitCode}): ${this.output}`);
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    child.kill(signal);
    return exited;
  }
}

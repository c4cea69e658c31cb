import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from '../relay-process.ts';

/** Whether a program is on the PATH (or at an absolute path). */
function installed(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/**
 * Why the cluster tests cannot run here (`programs` are not all installed), or null when they
 * can. With PARLEY_TEST_CLUSTER=1 (the test command sets it) a missing server fails the run
 * instead of skipping.
 */
export function clusterSkipReason(
  programs: readonly string[] = ['redis-server', '/usr/sbin/nginx'],
): string | null {
  const missing = programs.filter((p) => !installed(p));
  if (missing.length === 0) return null;
  const packages = missing.map((p) => p.split('/').at(-1) ?? p);
  const why = `not installed: ${missing.join(', ')} (apt-get install ${packages.join(' ')})`;
  if (process.env.PARLEY_TEST_CLUSTER === '1') throw new Error(why);
  return why;
}

async function waitFor(what: string, check: () => Promise<boolean>, child: ChildProcess) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A throwaway redis-server on a free loopback port, keeping nothing on disk. */
export class RedisServer {
  private child: ChildProcess | null = null;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again on the same port when `samePort`). */
  async start(dir: string, samePort = false): Promise<void> {
    if (!samePort || this.port === 0) this.port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: dir, stdio: 'ignore' },
    );
    this.child = child;
    await waitFor(
      'redis-server',
      async () => {
        const probe = new Redis(this.port, '127.0.0.1', {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          await probe.ping();
          return true;
        } finally {
          probe.disconnect();
        }
      },
      child,
    );
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}

const template = fileURLToPath(new URL('../../../deploy/nginx.conf.template', import.meta.url));

/** nginx from Debian's package in front of `upstreams` (loopback ports), with deploy/'s config. */
export class Nginx {
  private child: ChildProcess | null = null;
  port = 0;

  async start(dir: string, upstreams: number[]): Promise<void> {
    this.port = await freePort();
    const prefix = join(dir, 'nginx');
    mkdirSync(prefix, { recursive: true });
    const config = readFileSync(template, 'utf8')
      .replaceAll('${PREFIX}', prefix)
      .replaceAll('${LISTEN}', `127.0.0.1:${this.port}`)
      .replaceAll(
        '${UPSTREAM_SERVERS}',
        upstreams.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n    '),
      );
    const file = join(prefix, 'nginx.conf');
    writeFileSync(file, config);
    const child = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', file, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    this.child = child;
    await waitFor(
      `nginx (${stderr})`,
      () => fetch(`http://127.0.0.1:${this.port}/`).then(() => true),
      child,
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}

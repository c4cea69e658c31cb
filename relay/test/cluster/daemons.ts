import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { selfSignedCertificate } from '../fakes/certificate.ts';
import { freePort } from '../relay-process.ts';
import { fillTemplate } from './template.ts';

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
  programs: readonly string[] = ['redis-server', '/usr/sbin/nginx', 'openssl'],
): string | null {
  const missing = programs.filter((p) => !installed(p));
  if (missing.length === 0) return null;
  const packages = missing.map((p) => p.split('/').at(-1) ?? p);
  const why = `not installed: ${missing.join(', ')} (apt-get install ${packages.join(' ')})`;
  if (process.env.PARLEY_TEST_CLUSTER === '1') throw new Error(why);
  return why;
}

export async function waitFor(what: string, check: () => Promise<boolean>, child: ChildProcess) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Who may use a {@link RedisServer}: its ACL file, and the user its readiness probe signs in as. */
export interface RedisUsers {
  aclFile: string;
  username: string;
  password: string;
}

/**
 * A throwaway redis-server on a free loopback port, keeping nothing on disk; with `users`, the
 * users of that ACL file only (as deploy/compose.yaml's Redis).
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  port = 0;

  constructor(private readonly users: RedisUsers | null = null) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again on the same port when `samePort`). */
  async start(dir: string, samePort = false): Promise<void> {
    if (!samePort || this.port === 0) this.port = await freePort();
    const child = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        ...(this.users ? ['--aclfile', this.users.aclFile] : []),
      ],
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
          ...(this.users ? { username: this.users.username, password: this.users.password } : {}),
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

/**
 * deploy/nginx.conf.template with its placeholders filled from `values` (as envsubst would),
 * every one of them: one the template gained and `values` lacks throws.
 */
export function nginxConfig(values: Record<string, string>): string {
  return fillTemplate('nginx.conf.template', values);
}

/** A load balancer the tests start in front of relays on loopback ports. */
export interface LoadBalancer {
  /** Its name in test titles. */
  readonly name: string;
  /** Where clients connect, over plain HTTP. */
  readonly url: string;
  start(dir: string, upstreams: number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * nginx from Debian's package in front of `upstreams` (loopback ports), with deploy/'s config:
 * HTTPS with a self-signed certificate ({@link httpsUrl}, trust {@link caCert}), the port-80
 * server that redirects to it ({@link redirectUrl}), and the same proxy over plain HTTP
 * ({@link url}: the template's PLAIN_LISTEN).
 */
export class Nginx implements LoadBalancer {
  readonly name = 'nginx';
  private child: ChildProcess | null = null;
  /** The plain-HTTP proxy's port. */
  port = 0;
  /** The HTTPS proxy's port (443 in production). */
  tlsPort = 0;
  /** The port-80 server's port: ACME challenges and redirects to HTTPS. */
  redirectPort = 0;
  /** The PEM of the self-signed certificate nginx presents: the CA a client trusts. */
  caCert = '';
  /** The folder the port-80 server serves `/.well-known/acme-challenge/` from. */
  acmeWebroot = '';

  async start(dir: string, upstreams: number[]): Promise<void> {
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freePort());
    [this.port = 0, this.tlsPort = 0, this.redirectPort = 0] = ports;
    const prefix = join(dir, 'nginx');
    this.acmeWebroot = join(prefix, 'acme');
    mkdirSync(this.acmeWebroot, { recursive: true });
    // Run as root, nginx's workers are `nobody`: they must reach the webroot's files, as
    // certbot's are readable by nginx in production.
    for (const folder of [dir, prefix]) chmodSync(folder, 0o711);
    chmodSync(this.acmeWebroot, 0o755);
    const tls = selfSignedCertificate(prefix);
    this.caCert = tls.pem;
    const values: Record<string, string> = {
      PREFIX: prefix,
      HTTP_LISTEN: `127.0.0.1:${this.redirectPort}`,
      ACME_WEBROOT: this.acmeWebroot,
      TLS_LISTEN: `127.0.0.1:${this.tlsPort}`,
      TLS_CERT: tls.cert,
      TLS_KEY: tls.key,
      UPSTREAM_SERVERS: upstreams
        .map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`)
        .join('\n    '),
      PLAIN_LISTEN: `listen 127.0.0.1:${this.port};`,
    };
    const file = join(prefix, 'nginx.conf');
    writeFileSync(file, nginxConfig(values));
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

  /** The proxy over plain HTTP (PLAIN_LISTEN). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The proxy over HTTPS. */
  get httpsUrl(): string {
    return `https://127.0.0.1:${this.tlsPort}`;
  }

  /** The port-80 server. */
  get redirectUrl(): string {
    return `http://127.0.0.1:${this.redirectPort}`;
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}

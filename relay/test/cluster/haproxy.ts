import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../relay-process.ts';
import { stopChild, waitFor, type LoadBalancer } from './daemons.ts';
import { fillTemplate } from './template.ts';

/**
 * deploy/haproxy.cfg.template with its placeholders filled from `values` (as envsubst would),
 * every one of them: one the template gained and `values` lacks throws.
 */
export function haproxyConfig(values: Record<string, string>): string {
  return fillTemplate('haproxy.cfg.template', values);
}

/** The user of HAProxy's stats page and metrics (deploy/haproxy-stats-users.cfg.template). */
export const STATS_USER = 'stats';

/**
 * deploy/haproxy-stats-users.cfg.template filled for `password`, as docs/deploying.md fills it
 * (its SHA-256-crypt hash from `openssl passwd -5`).
 */
export function statsUsersConfig(password: string): string {
  const hashed = spawnSync('openssl', ['passwd', '-5', '-stdin'], { input: password });
  const hash = hashed.stdout.toString().trim();
  if (hashed.status !== 0 || !hash.startsWith('$5$'))
    throw new Error(`openssl passwd: ${hashed.stderr.toString()}`);
  return fillTemplate('haproxy-stats-users.cfg.template', { STATS_PASSWORD_HASH: hash });
}

/** The name HAProxy gives the relay on loopback port `port` (its `server` line). */
export const relayServerName = (port: number) => `relay-${port}`;

/**
 * HAProxy from Debian's package in front of `upstreams` (loopback ports), with deploy/'s
 * template filled for plain HTTP on a free port: what the cluster tests run through besides
 * nginx. Its stats page tells which relays its `GET /ready` checks have up.
 */
export class HAProxy implements LoadBalancer {
  readonly name = 'HAProxy';
  private child: ChildProcess | null = null;
  port = 0;
  statsPort = 0;
  /** What HAProxy wrote (its log goes to stderr). */
  output = '';
  /** The stats user's password. */
  readonly statsPassword = randomBytes(24).toString('hex');

  /** The `Authorization` header of the stats page and its metrics. */
  get statsAuthorization(): string {
    return `Basic ${Buffer.from(`${STATS_USER}:${this.statsPassword}`).toString('base64')}`;
  }

  async start(dir: string, upstreams: number[]): Promise<void> {
    this.port = await freePort();
    do this.statsPort = await freePort();
    while (this.statsPort === this.port);
    const prefix = join(dir, 'haproxy');
    mkdirSync(prefix, { recursive: true });
    const file = join(prefix, 'haproxy.cfg');
    writeFileSync(
      file,
      haproxyConfig({
        BIND: `127.0.0.1:${this.port}`,
        UPSTREAM_SERVERS: upstreams
          .map((p) => `server ${relayServerName(p)} 127.0.0.1:${p}`)
          .join('\n  '),
        STATS_BIND: `127.0.0.1:${this.statsPort}`,
      }),
    );
    const users = join(prefix, 'stats-users.cfg');
    writeFileSync(users, statsUsersConfig(this.statsPassword));
    // -db: in the foreground, no daemon. The users in a file of their own, as in compose.
    const child = spawn('haproxy', ['-db', '-f', file, '-f', users], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.child = child;
    await waitFor(
      'haproxy',
      () =>
        fetch(`http://127.0.0.1:${this.statsPort}/metrics`, {
          headers: { Authorization: this.statsAuthorization },
        }).then((r) => r.ok),
      child,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${this.output}`);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** HAProxy's stats of the relays' backend: one row per relay, then `BACKEND`, by column. */
  async stats(): Promise<Record<string, string>[]> {
    const csv = await (
      await fetch(`http://127.0.0.1:${this.statsPort}/;csv`, {
        headers: { Authorization: this.statsAuthorization },
      })
    ).text();
    const [header = '', ...lines] = csv.trim().split('\n');
    const columns = header.replace(/^# /, '').split(',');
    return lines
      .map((line) => {
        const cells = line.split(',');
        return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
      })
      .filter((row) => row.pxname === 'parley_relays');
  }

  /**
   * Each relay's state as HAProxy's checks have it now (`UP`, `DOWN`, `UP 1/2` while a relay is
   * failing its checks, …), by {@link relayServerName}.
   */
  async serverStates(): Promise<Record<string, string>> {
    const rows = (await this.stats()).filter((r) => r.svname?.startsWith('relay-'));
    return Object.fromEntries(rows.map((r) => [r.svname ?? '', r.status ?? '']));
  }

  /** Connections the backend sent to another relay than the one first chosen (`wredis`). */
  async redispatched(): Promise<number> {
    const backend = (await this.stats()).find((r) => r.svname === 'BACKEND');
    return Number(backend?.wredis ?? 0);
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }
}

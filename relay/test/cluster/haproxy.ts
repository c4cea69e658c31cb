import { spawn, type ChildProcess } from 'node:child_process';
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
    // -db: in the foreground, no daemon.
    const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.child = child;
    await waitFor(
      'haproxy',
      () => fetch(`http://127.0.0.1:${this.statsPort}/metrics`).then((r) => r.ok),
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
    const csv = await (await fetch(`http://127.0.0.1:${this.statsPort}/;csv`)).text();
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

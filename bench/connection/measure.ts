import { request } from 'node:http';
import { percentile } from '@parley/shared';
import type { TalkClient } from '../../relay/src/talk/client.ts';

/** Median and 95th percentile (nearest rank) of `xs`, rounded to whole ms, and what failed. */
export interface Figures {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  /** Runs that did not resume within the run's limit (not in the figures). */
  failed: number;
}

/** Figures of `xs` (NaN for all of them when every run failed). */
export function figures(xs: readonly number[], failed = 0): Figures {
  const r = (x: number) => (xs.length === 0 ? NaN : Math.round(x));
  return {
    runs: xs.length + failed,
    medianMs: r(percentile(xs, 0.5)),
    p95Ms: r(percentile(xs, 0.95)),
    minMs: r(Math.min(...xs)),
    maxMs: r(Math.max(...xs)),
    failed,
  };
}

/** The bench's clock (ms). */
export const now = () => performance.now();

/**
 * Resolves with the time `client` counts one more resume than `before`, polled every ms; null
 * when it has not within `limitMs` (or the connection went offline for good).
 */
export async function resumedAfter(
  client: TalkClient,
  before: number,
  limitMs: number,
): Promise<number | null> {
  const deadline = now() + limitMs;
  while (now() < deadline) {
    if (client.connection.resumes > before) return now();
    if (client.states.at(-1)?.kind === 'offline') return null;
    await new Promise((r) => setTimeout(r, 1));
  }
  return null;
}

/** Resolves with the time `client` is last seen reconnecting (it declared its socket dead). */
export async function lostAt(client: TalkClient, limitMs: number): Promise<number | null> {
  const deadline = now() + limitMs;
  const seen = client.states.length;
  while (now() < deadline) {
    if (client.states.slice(seen).some((s) => s.kind !== 'connected')) return now();
    await new Promise((r) => setTimeout(r, 1));
  }
  return null;
}

/** Resolves with the first time `url`/health answers 200 (a fresh connection each try). */
export async function listeningAt(url: string, everyMs = 2, limitMs = 60_000): Promise<number> {
  const deadline = now() + limitMs;
  while (now() < deadline) {
    if (await healthy(url)) return now();
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${url} did not come up within ${limitMs} ms`);
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/health`, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

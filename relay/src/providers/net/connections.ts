import type { Dispatcher } from 'undici';
import { describeError } from '../../errors.ts';
import { logger } from '../../log/logger.ts';
import { OriginPool, type OriginPoolOptions } from './origin-pool.ts';

/** How the relay keeps its connections to providers. */
export interface ProviderConnectionsOptions {
  /**
   * Idle connections (and spares opened ahead) are kept this long for the next request (ms).
   * Default 30,000: well under the idle timeouts hosted APIs' front ends use (60 s and more),
   * so the relay, not the server, closes an idle connection and no request is sent on one the
   * server is closing; and long enough to span the pause between two turns, which node's
   * default (4 s) does not.
   */
  keepAliveMs?: number;
  /** TCP + TLS set-up deadline (ms). Default 10,000. */
  connectTimeoutMs?: number;
  /** Open connections ahead of the turns that need them ({@link warm}). Default true. */
  warmUp?: boolean;
  /** CA certificates (PEM) trusted besides the system's (a test's own CA, a private one). */
  extraCa?: readonly string[];
}

const log = logger('relay:providers');

/**
 * The relay's connections to its providers: one kept-alive pool per origin (scheme, host and
 * port), shared by every adapter, session and provider set calling it — `providerFetch` sends
 * every provider request through it — and the warm-up that opens a connection before a turn
 * needs it, so no turn pays a TCP and TLS set-up (1–3 round trips, 100–300 ms to a distant API)
 * before its first token or first audio.
 */
export class ProviderConnections {
  private readonly origins = new Map<string, OriginPool>();
  private readonly pool: OriginPoolOptions;
  private readonly warmUp: boolean;

  constructor(options: ProviderConnectionsOptions = {}) {
    this.warmUp = options.warmUp ?? true;
    this.pool = {
      keepAliveMs: options.keepAliveMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      ...(options.extraCa ? { extraCa: options.extraCa } : {}),
      onWarmFailure: (origin, err) =>
        log.debug(
          { origin, err: describeError(err) },
          'opening a provider connection ahead failed',
        ),
    };
  }

  /**
   * The pool of `url`'s origin (created on first use), as node's `fetch` takes it. That `fetch`
   * is node's own copy of undici (6 on Node 20) and calls a dispatcher through the interface
   * undici 7 still serves (the older handler callbacks), so only the two copies' type
   * declarations disagree.
   */
  dispatcherFor(url: string): NonNullable<RequestInit['dispatcher']> {
    const pool: Dispatcher = this.of(new URL(url).origin).pool;
    return pool as unknown as NonNullable<RequestInit['dispatcher']>;
  }

  /**
   * Opens connections ahead to `urls`' origins (http and https only): as many to an origin as it
   * appears in `urls` (the stages it serves, whose requests overlap), less those a request could
   * use now — so however many sessions ask, no more. Never waits, never throws: a connection that
   * cannot be opened is logged at debug and the request dials as usual.
   */
  warm(urls: Iterable<string | undefined>): void {
    if (!this.warmUp) return;
    const wanted = new Map<string, number>();
    for (const url of urls) {
      const origin = httpOrigin(url);
      if (origin !== null) wanted.set(origin, (wanted.get(origin) ?? 0) + 1);
    }
    for (const [origin, count] of wanted) this.of(origin).warmUp(count);
  }

  /** Connections a request to `url` now would find open or opening (tests, benchmarks). */
  ready(url: string): number {
    return this.origins.get(new URL(url).origin)?.ready ?? 0;
  }

  /** Closes every pool and spare; requests after this open new pools. */
  async close(): Promise<void> {
    const pools = [...this.origins.values()];
    this.origins.clear();
    await Promise.allSettled(pools.map((p) => p.close()));
  }

  private of(origin: string): OriginPool {
    let pool = this.origins.get(origin);
    if (!pool) {
      pool = new OriginPool(origin, this.pool);
      this.origins.set(origin, pool);
    }
    return pool;
  }
}

/** `url`'s origin if it is an http(s) address (a WebSocket's or a bad one: null). */
export function httpOrigin(url: string | undefined): string | null {
  if (url === undefined || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
}

let current = new ProviderConnections();

/** The connections provider requests use (one per process, like undici's global dispatcher). */
export function providerConnections(): ProviderConnections {
  return current;
}

/**
 * Makes `next` the connections provider requests use from now on (a test's, trusting its own CA;
 * a benchmark's, without warm-up) and returns the one it replaced, which is not closed.
 */
export function useProviderConnections(next: ProviderConnections): ProviderConnections {
  const previous = current;
  current = next;
  return previous;
}

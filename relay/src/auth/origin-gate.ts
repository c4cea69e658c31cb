import { Counter, type Registry } from 'prom-client';
import { RelayError } from '../errors.ts';
import { KeyedLimiter } from '../limits/keyed-limiter.ts';
import { TokenBucket } from '../limits/token-bucket.ts';
import type { Logger } from '../log/logger.ts';
import {
  classifyOrigin,
  isAdmitted,
  isEmbedding,
  normalizeOrigin,
  type OriginKind,
  type OriginPolicy,
  type OriginScope,
} from './origin.ts';

/** A refused origin is logged again after this long, if it still comes (ms). */
const WARN_AGAIN_AFTER_MS = 60 * 60 * 1000;
/** Refused origins remembered at once (beyond, the least recently refused is forgotten). */
const REMEMBERED_ORIGINS = 256;
/** Lines about refused origins per minute at most, whatever the origins (a page rotating them). */
const WARNINGS_PER_MINUTE = 10;
/** Longest origin written to the log (characters): the header is the caller's to choose. */
const MAX_LOGGED_ORIGIN_CHARS = 200;

/** `parley_origin_checks_total`'s outcomes: the kinds of page admitted, and `refused`. */
const OUTCOMES = ['app', 'embed', 'loopback_embed', 'refused'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** The outcome a page of each kind counts as when admitted. */
const OUTCOME_OF: Record<Exclude<OriginKind, 'none'>, Outcome> = {
  app: 'app',
  embed: 'embed',
  'loopback-embed': 'loopback_embed',
  foreign: 'refused',
};

export interface OriginGateOptions {
  /** The policy in force (known once the relay's port is). */
  policy: () => OriginPolicy;
  /** Where `parley_origin_checks_total` is registered (the relay's registry). */
  registry: Registry;
  log: Logger;
  /** Clock (epoch ms), for how often a refused origin is logged. */
  now: () => number;
}

/**
 * The one check of a browser page's origin, for every route that serves pages (the API, the
 * WebSocket upgrade): admits it or throws `RelayError.siteNotAllowed`. Counts what it saw in
 * `parley_origin_checks_total{outcome}` (outcomes, never origins: an origin is the caller's to
 * choose, and would make the series unbounded), and logs a refused origin at warn once an hour,
 * at most {@link WARNINGS_PER_MINUTE} lines a minute in all.
 */
export class OriginGate {
  private readonly checks: Counter<'outcome'>;
  private readonly perOrigin: KeyedLimiter;
  private readonly lines: TokenBucket;

  constructor(private readonly o: OriginGateOptions) {
    this.checks = new Counter({
      name: 'parley_origin_checks_total',
      help:
        'Browser requests (API calls, WebSocket upgrades) by their page: the app, a site ' +
        'listed to embed the assistant, a loopback page embedding it in dev mode, or refused.',
      labelNames: ['outcome'],
      registers: [o.registry],
    });
    // Every series exists from the start: an alert on a rate needs no "absent" special case.
    for (const outcome of OUTCOMES) this.checks.inc({ outcome }, 0);
    this.perOrigin = new KeyedLimiter({
      capacity: 1,
      refillPerSecond: 1000 / WARN_AGAIN_AFTER_MS,
      maxKeys: REMEMBERED_ORIGINS,
      now: o.now,
    });
    this.lines = new TokenBucket({
      capacity: WARNINGS_PER_MINUTE,
      refillPerSecond: WARNINGS_PER_MINUTE / 60,
      now: o.now,
    });
  }

  /** The policy in force. */
  policy(): OriginPolicy {
    return this.o.policy();
  }

  /**
   * What `origin` (a request's `Origin` header) makes its page, without counting it: for the
   * CORS headers, which follow the same policy.
   */
  classify(origin: string | undefined): OriginKind {
    return classifyOrigin(origin, this.o.policy());
  }

  /**
   * Admits a page from `origin` to a route of `scope` (at `path`, for the log), returning its
   * kind; throws `RelayError.siteNotAllowed` when it may not use it.
   */
  admit(origin: string | undefined, scope: OriginScope, path: string): OriginKind {
    const kind = this.classify(origin);
    const admitted = isAdmitted(kind, scope);
    // A request without Origin is not a page's: nothing to count.
    if (kind !== 'none') this.checks.inc({ outcome: admitted ? OUTCOME_OF[kind] : 'refused' });
    if (admitted) return kind;
    this.warnOnce(origin, kind, path);
    throw RelayError.siteNotAllowed();
  }

  private warnOnce(origin: string | undefined, kind: OriginKind, path: string): void {
    const shown = (normalizeOrigin(origin ?? '') ?? JSON.stringify(origin ?? '')).slice(
      0,
      MAX_LOGGED_ORIGIN_CHARS,
    );
    if (!this.perOrigin.tryTake(shown).ok || !this.lines.tryTake().ok) return;
    if (isEmbedding(kind)) {
      this.o.log.warn(
        { origin: shown, path: path.slice(0, MAX_LOGGED_ORIGIN_CHARS) },
        'refused a site embedding the assistant on a route of the app only (an embedding ' +
          'site gets the ticket exchange and the WebSocket)',
      );
      return;
    }
    this.o.log.warn(
      { origin: shown, path: path.slice(0, MAX_LOGGED_ORIGIN_CHARS) },
      'refused a page from an origin not listed: add it to EMBED_ORIGINS to let it embed the ' +
        'assistant, or to ALLOWED_ORIGINS if it serves the app (logged once an hour per origin)',
    );
  }
}

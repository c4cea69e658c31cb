import type { RelayError } from '../errors.ts';
import { ConcurrencyLimiter, type Release } from './concurrency.ts';
import { KeyedLimiter } from './keyed-limiter.ts';
import {
  recognizerBusy,
  speechTooFast,
  tooManyRecognitions,
  utterancesTooFast,
} from './limit-errors.ts';
import type { RateSettings } from './limits-config.ts';

/**
 * Bounds speech recognition, the relay's most expensive work: each recognition holds a decoder
 * process (PocketSphinx) or a provider connection while the user speaks. Per user, new
 * utterances are rate-limited and recognitions running at once are capped; per relay, all
 * recognitions at once are capped. Beyond a limit the utterance is refused with a typed,
 * non-fatal error the client shows. Pure: the clock is injected, nothing is scheduled.
 *
 * Kept in this relay's memory, not shared with the others: what they bound is this relay's CPU
 * and processes. A user spread over several relays gets at most these on each.
 */
export interface RecognitionLimitsOptions {
  /** New utterances per user: a burst, then a rate. */
  utterances: RateSettings;
  /**
   * Milliseconds of audio per user into recognisers: a burst (audio ahead of real time), then
   * a rate (ms per second). Every recognition decodes all it is given, so this bounds the
   * decoding work one user can make, however they connect.
   */
  audioMs: RateSettings;
  /** Recognitions one user may run at once (utterances being spoken or finishing). */
  maxPerUser: number;
  /** Recognitions this relay runs at once, all users together. */
  maxPerRelay: number;
  /** Users each per-user limiter tracks at most (see `KeyedLimiter`). */
  maxKeys: number;
  /** Clock in milliseconds. */
  now: () => number;
}

/** A recognition admitted (`release` when it is over: idempotent), or why not. */
export type Admission = { ok: true; release: Release } | { ok: false; error: RelayError };

export class RecognitionLimits {
  private readonly rate: KeyedLimiter;
  private readonly audio: KeyedLimiter;
  private readonly perUser: ConcurrencyLimiter;
  private running = 0;

  constructor(private readonly options: RecognitionLimitsOptions) {
    if (!(Number.isInteger(options.maxPerRelay) && options.maxPerRelay >= 1))
      throw new RangeError(
        `maxPerRelay must be a whole number ≥ 1; got ${String(options.maxPerRelay)}.`,
      );
    this.rate = new KeyedLimiter({
      ...options.utterances,
      maxKeys: options.maxKeys,
      now: options.now,
    });
    this.audio = new KeyedLimiter({
      ...options.audioMs,
      maxKeys: options.maxKeys,
      now: options.now,
    });
    this.perUser = new ConcurrencyLimiter({
      maxPerKey: options.maxPerUser,
      maxKeys: options.maxKeys,
    });
  }

  /**
   * A new utterance of `userId` (for turn `turnId`): every attempt takes one of the user's
   * utterance tokens (so hammering is throttled too), then a recognition slot.
   */
  admitUtterance(userId: string, turnId: number): Admission {
    const rate = this.rate.tryTake(userId);
    if (!rate.ok) return { ok: false, error: utterancesTooFast(rate.retryAfterMs, turnId) };
    return this.admit(userId, turnId);
  }

  /**
   * Another recognition for an utterance already admitted (a second recogniser answering at a
   * pause): a slot, no utterance token.
   */
  admitExtra(userId: string, turnId: number): Admission {
    return this.admit(userId, turnId);
  }

  /**
   * `ms` of `userId`'s audio for a recogniser (utterance `turnId`): null if within their audio
   * budget, else the refusal (the utterance should stop there).
   */
  takeAudio(userId: string, ms: number, turnId: number): RelayError | null {
    const take = this.audio.tryTake(userId, ms);
    return take.ok ? null : speechTooFast(take.retryAfterMs, turnId);
  }

  /** Recognitions running now, all users together. */
  get active(): number {
    return this.running;
  }

  private admit(userId: string, turnId: number): Admission {
    if (this.perUser.count(userId) >= this.options.maxPerUser)
      return { ok: false, error: tooManyRecognitions(this.options.maxPerUser, turnId) };
    if (this.running >= this.options.maxPerRelay)
      return { ok: false, error: recognizerBusy(turnId) };
    const slot = this.perUser.acquire(userId);
    if (!slot) return { ok: false, error: recognizerBusy(turnId) };
    this.running++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        slot();
      },
    };
  }
}

/** Recognitions per CPU core a relay runs at once by default when PocketSphinx recognises. */
const LOCAL_RECOGNITIONS_PER_CORE = 3;
/** The default with hosted recognition only: no local decoding, a bound on memory and sockets. */
export const HOSTED_RECOGNITIONS = 2000;

/**
 * `MAX_RECOGNITIONS` when unset (0): a PocketSphinx decoder takes ~0.3 of a core while the user
 * speaks, so with a recogniser on the relay's cores in the chain (`onRelayCores`: its kind says
 * so, see `recognisesOnRelayCores`) `LOCAL_RECOGNITIONS_PER_CORE` per core keeps the relay just
 * under full; with hosted recognition only, {@link HOSTED_RECOGNITIONS}.
 */
export function defaultMaxRecognitions(onRelayCores: boolean, cores: number): number {
  return onRelayCores ? LOCAL_RECOGNITIONS_PER_CORE * Math.max(1, cores) : HOSTED_RECOGNITIONS;
}

import { CHUNK_SAMPLES, type ProviderInfo } from '@parley/shared';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import { KeptSamples, pieces } from '../../audio/kept-samples.ts';
import type { BlockPool } from '../../memory/block-pool.ts';
import type { Logger } from '../../log/logger.ts';
import type {
  AsrCapabilities,
  AsrProvider,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../stages/asr.ts';
import { ProviderError } from '../net/provider-error.ts';
import { Attempt } from './attempt.ts';
import { NoProviderError } from './no-provider-error.ts';
import type { ProviderSlot } from './provider-slot.ts';
import { tripIfStageDown } from './stage-outage.ts';
import { RelayError } from '../../errors.ts';
import { recognitionQueueFull } from '../../limits/limit-errors.ts';

export interface FailoverAsrOptions {
  /** Utterance end → final transcript, per provider (ms). */
  finalMs: number;
  /**
   * Longest utterance replayed into the next provider when one fails (samples). Past it, a
   * failure of the current provider fails the utterance.
   */
  maxReplaySamples: number;
  /** Where the audio lives when the chain keeps it itself (default: the relay's pool). */
  pool?: BlockPool;
}

/**
 * Speech recognition made of a failover chain. The utterance streams to the first provider
 * whose breaker lets it through; when that provider fails or gives no final transcript in time,
 * the next one gets the utterance's audio so far replayed and finishes the job. That audio is
 * the caller's ({@link AsrStartOptions.heard}: the session's utterance keeps it once); a caller
 * that keeps none has the chain keep it, while a provider is left to replay it into.
 */
export class FailoverAsr implements AsrProvider {
  readonly info: ProviderInfo;
  /** What the chain recognises: a few languages only when every provider knows only a few. */
  readonly languages?: readonly string[];

  constructor(
    private readonly slots: readonly ProviderSlot<AsrProvider>[],
    private readonly options: FailoverAsrOptions,
    private readonly log: Logger,
  ) {
    const primary = slots[0];
    if (!primary) throw new Error('FailoverAsr needs at least one provider');
    this.info = primary.provider.info;
    const lists = slots.map((s) => s.provider.languages);
    if (lists.every((l) => l !== undefined)) this.languages = [...new Set(lists.flat())];
  }

  start(options: AsrStartOptions): AsrStream {
    return new FailoverAsrStream(this.slots, options, this.options, this.log);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.provider.close()));
  }
}

interface Member {
  slot: ProviderSlot<AsrProvider>;
  stream: AsrStream;
  /** Aborts this member's stream only (the utterance may go on with the next one). */
  abort: AbortController;
}

class FailoverAsrStream implements AsrStream {
  readonly snapshot?: () => Promise<AsrResult>;
  /** The utterance's audio so far, for a replay: the caller's, else {@link own}. */
  private readonly heard: HeardAudio;
  /** The audio kept here, for a caller that keeps none. */
  private readonly own: KeptSamples | null;
  private next = 0;
  private current: Member | null;
  private readonly skipped: { providerId: string; error: string }[] = [];
  /** Why each provider asked failed, for {@link tripIfStageDown}. */
  private readonly failures: unknown[] = [];
  /** The relay's own refusal (its recogniser queue), when that is why a provider was left. */
  private refusal: RelayError | null = null;
  private aborted = false;

  constructor(
    private readonly slots: readonly ProviderSlot<AsrProvider>[],
    private readonly start: AsrStartOptions,
    private readonly options: FailoverAsrOptions,
    private readonly log: Logger,
  ) {
    if (start.heard) {
      this.heard = start.heard;
      this.own = null;
    } else {
      this.own = new KeptSamples(options.maxReplaySamples, options.pool);
      this.heard = this.own.view();
    }
    this.current = this.openNext();
    if (this.current?.stream.snapshot) this.snapshot = () => this.takeSnapshot();
    start.signal.addEventListener('abort', () => this.abort(), { once: true });
  }

  write(samples: Int16Array): void {
    if (this.aborted) return;
    // Kept here only for a caller that keeps none: copied into pooled blocks (the frame itself
    // dies young), and not at all when no provider is left to replay it into (a chain of one,
    // or the last one serving).
    const own = this.own;
    if (own && this.next < this.slots.length && !own.append(samples)) own.discard();
    const member = this.current;
    if (!member) return;
    try {
      member.stream.write(samples);
    } catch (err) {
      this.fail(member, err);
      this.current = this.replayInto(this.openNext());
    }
  }

  async finish(): Promise<AsrResult> {
    for (;;) {
      this.start.signal.throwIfAborted();
      const member = this.current;
      // Left for the relay's own load alone: that refusal is the user's answer, no outage.
      if (!member && this.refusal && this.failures.length === 0) throw this.refusal;
      if (!member) throw this.noProvider();
      const attempt = new Attempt(this.start.signal, member.slot.id, {
        firstMs: this.options.finalMs,
      });
      const started = performance.now();
      try {
        const result = await attempt.race(member.stream.finish());
        member.slot.succeeded(performance.now() - started);
        this.own?.release();
        return { ...result, provider: member.slot.provider.info };
      } catch (err) {
        const error = attempt.error(err);
        if (attempt.cancelled) {
          member.slot.breaker.release();
          this.own?.release();
          throw error;
        }
        const refusal = relaysOwn(err, error, member.stream);
        if (refusal) this.leave(member, refusal);
        else this.fail(member, error);
        if (!this.replayable()) {
          this.own?.release();
          if (refusal) throw refusal;
          // The next provider was not tried (nothing left to replay): not a stage outage.
          throw new NoProviderError('asr', [
            ...this.skipped,
            { providerId: '(replay)', error: 'utterance too long to replay' },
          ]);
        }
        this.current = this.replayInto(this.openNext());
      } finally {
        attempt.dispose();
      }
    }
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const member = this.current;
    if (member) {
      member.stream.abort();
      // The utterance's listeners run before its dependent signals abort: pass its reason on.
      member.abort.abort(this.start.signal.aborted ? this.start.signal.reason : undefined);
      member.slot.breaker.release();
    }
    this.own?.release();
  }

  /** The capability of the recogniser serving now (the chain's may change with it). */
  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    return this.current?.stream.capability?.(name) ?? null;
  }

  serving(): ProviderInfo | null {
    return this.current?.slot.provider.info ?? null;
  }

  private async takeSnapshot(): Promise<AsrResult> {
    const member = this.current;
    if (!member?.stream.snapshot) throw new Error('no interim results from this provider');
    const result = await member.stream.snapshot();
    return { ...result, provider: member.slot.provider.info };
  }

  /** Whether the utterance so far can be replayed into the next provider (all of it is kept). */
  private replayable(): boolean {
    return !this.heard.overflowed && this.heard.samples <= this.options.maxReplaySamples;
  }

  /** Every provider failed or was skipped: the stage is known to be down, unless told otherwise. */
  private noProvider(): NoProviderError {
    if (tripIfStageDown(this.slots, this.failures) > 0)
      this.log.warn({ stage: 'asr' }, 'every asr provider is down: skipped until one recovers');
    return new NoProviderError('asr', this.skipped);
  }

  private fail(member: Member, error: unknown): void {
    member.slot.failed(error);
    this.failures.push(error);
    member.stream.abort();
    member.abort.abort();
    const message = error instanceof Error ? error.message : String(error);
    this.skipped.push({ providerId: member.slot.id, error: message });
    this.log.warn(
      { provider: member.slot.id, err: message },
      'asr failed, trying the next provider',
    );
  }

  /**
   * Leaves `member` for the relay's own refusal (see {@link relaysOwn}): not the provider's
   * failure, so its breaker and its record are untouched.
   */
  private leave(member: Member, refusal: RelayError): void {
    member.slot.breaker.release();
    this.refusal = refusal;
    member.stream.abort();
    member.abort.abort();
    this.skipped.push({ providerId: member.slot.id, error: refusal.message });
    this.log.info(
      { provider: member.slot.id, err: refusal.message },
      'asr left for the relay’s own load, trying the next provider',
    );
  }

  /** Starts the next provider whose breaker lets it through; null when none is left. */
  private openNext(): Member | null {
    while (this.next < this.slots.length) {
      const slot = this.slots[this.next++];
      if (!slot) break;
      if (!slot.admit()) {
        this.skipped.push({ providerId: slot.id, error: 'circuit open' });
        continue;
      }
      const abort = new AbortController();
      try {
        const stream = slot.provider.start({
          ...this.start,
          heard: this.heard,
          signal: AbortSignal.any([this.start.signal, abort.signal]),
        });
        return { slot, stream, abort };
      } catch (err) {
        slot.failed(err);
        this.failures.push(err);
        const message = err instanceof Error ? err.message : String(err);
        this.skipped.push({ providerId: slot.id, error: message });
      }
    }
    return null;
  }

  private replayInto(member: Member | null): Member | null {
    if (!member) return null;
    try {
      // A copy: the provider may hold on to what it is given after the blocks are reused.
      for (const chunk of pieces(this.heard.copy(), CHUNK_SAMPLES)) member.stream.write(chunk);
      return member;
    } catch (err) {
      this.fail(member, err);
      return this.replayInto(this.openNext());
    }
  }
}

/**
 * Why a recogniser's final did not come that is the relay's own doing, not the recogniser's: a
 * RelayError it threw (its local queue refused or shed the reading), or the final's deadline
 * passing while its reading still waited for one of the relay's workers (see AsrQueue). Null
 * for anything else (the provider's failure, counted by its breaker). `error`: what the
 * attempt made of `thrown` (its timeout, when the deadline passed).
 */
function relaysOwn(thrown: unknown, error: unknown, stream: AsrStream): RelayError | null {
  if (thrown instanceof RelayError) return thrown;
  const timedOut = error instanceof ProviderError && error.kind === 'timeout';
  return timedOut && stream.capability?.('queue')?.waiting() === true
    ? recognitionQueueFull()
    : null;
}

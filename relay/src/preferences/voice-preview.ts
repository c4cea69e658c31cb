import { randomUUID } from 'node:crypto';
import type { VoicePreviewRequest } from '@parley/shared';
import type { UserSpend } from '../cluster/shared-state.ts';
import { RelayError } from '../errors.ts';
import { relayLines } from '../lines/relay-lines.ts';
import type { RateLimiter } from '../limits/keyed-limiter.ts';
import { budgetExceededError, preflight, type BudgetLimits } from '../metering/budget.ts';
import { ChainCall, type CallOutcome } from '../metering/call-billing.ts';
import { utcDay, type CostMeter } from '../metering/cost-meter.ts';
import type { PricingTable } from '../metering/pricing.ts';
import { ttsUsage, type Stage } from '../metering/usage.ts';
import type { TtsChain } from '../providers/stages/tts.ts';
import type { UsageEntry } from '../storage/usage.ts';

/**
 * What every preview says (in English; each language's is in `relayLines`): the relay's
 * sentence, so a preview cannot synthesise any text.
 */
export const PREVIEW_TEXT = relayLines('en').previewText;

/** Longest preview kept (s): a voice that goes on longer is cut there. */
const MAX_PREVIEW_S = 10;

/** A preview: mono PCM16 at `sampleRateHz`, and the voice provider that spoke it. */
export interface VoicePreview {
  samples: Int16Array;
  sampleRateHz: number;
  providerId: string;
}

export interface VoicePreviewDeps {
  /** The voice chain new turns use. */
  tts: TtsChain;
  /** Previews per user (a token a preview). */
  limiter: RateLimiter;
  meter: CostMeter;
  pricing: PricingTable;
  budget: BudgetLimits;
  /** The user's spending today as the ledger holds it (after a restart, or on another relay). */
  userDayCost(userId: string): Promise<number>;
  /** The usage ledger: a preview's cost is a row of its own. */
  record(entries: UsageEntry[]): Promise<void>;
  /** The user's spending across relays, or null (this relay alone). */
  userSpend: UserSpend | null;
  /** Told each cost counted: the relay's spend counter in `/metrics`. */
  spent(stage: Stage, providerId: string, micros: number): void;
}

/**
 * Lines the relay says outside any conversation, in the user's voice: voice previews (Settings'
 * "Play" beside each voice: {@link PREVIEW_TEXT} in the voice and pace asked for) and a due
 * reminder said aloud. Each one is a synthesis like a turn's: refused past the user's rate of
 * such lines or their daily budget, metered to the provider that spoke it (in the meter's day
 * total, the ledger under a session id of its own, and /metrics), nobody billed when every
 * voice failed.
 */
export class VoicePreviews {
  constructor(private readonly d: VoicePreviewDeps) {}

  /** The voice preview: {@link PREVIEW_TEXT}, in the user's `language` (BCP 47) and its voice. */
  preview(
    userId: string,
    request: VoicePreviewRequest,
    signal: AbortSignal,
    language?: string,
  ): Promise<VoicePreview> {
    return this.say(userId, relayLines(language).previewText, request, signal, language);
  }

  /**
   * `text` (the relay's, never a caller's free text: a reminder's own words at most) said in
   * the voice and pace of `request`, at most {@link MAX_PREVIEW_S} long; with the text's
   * `language` (BCP 47), only a voice that speaks it says it.
   */
  async say(
    userId: string,
    text: string,
    request: VoicePreviewRequest,
    signal: AbortSignal,
    language?: string,
  ): Promise<VoicePreview> {
    const rate = await this.d.limiter.tryTake(userId);
    if (!rate.ok) throw RelayError.rateLimited('voice previews', rate.retryAfterMs);
    const { tts, meter } = this.d;
    meter.seedUserDay(userId, await this.d.userDayCost(userId));
    const estimate = this.d.pricing.costOf(ttsUsage(tts.info.id, text)).micros;
    // A preview belongs to no conversation: only the user's daily cap applies.
    const verdict = preflight(
      { sessionMicros: 0, userDayMicros: meter.userDayTotal(userId) },
      estimate,
      { ...this.d.budget, session: { hardMicros: 0, softMicros: 0 } },
    );
    if (!verdict.ok) throw budgetExceededError(verdict);

    const call = new ChainCall(tts.info.id);
    let sampleRateHz = tts.sampleRateHz;
    const blocks: Int16Array[] = [];
    let kept = 0;
    let outcome: CallOutcome = 'failed';
    try {
      for await (const pcm of tts.synthesize({
        text,
        signal,
        ...(request.voice === undefined ? {} : { voice: request.voice }),
        ...(request.speakingRate === undefined ? {} : { speakingRate: request.speakingRate }),
        ...(language === undefined ? {} : { language }),
        onAttempt: (p) => call.attempt(p.id),
        onServed: (p, rateHz) => {
          call.serve(p.id);
          sampleRateHz = rateHz;
        },
      })) {
        const room = MAX_PREVIEW_S * sampleRateHz - kept;
        if (room <= 0) break;
        const block = pcm.length > room ? pcm.subarray(0, room) : pcm;
        blocks.push(block);
        kept += block.length;
      }
      outcome = 'done';
    } catch (err) {
      if (signal.aborted) outcome = 'cancelled';
      throw err instanceof RelayError ? err : RelayError.previewFailed(err);
    } finally {
      await this.bill(userId, text, call.billedTo(outcome));
    }
    const samples = new Int16Array(kept);
    let at = 0;
    for (const b of blocks) {
      samples.set(b, at);
      at += b.length;
    }
    return { samples, sampleRateHz, providerId: call.billedTo('done') ?? tts.info.id };
  }

  /** A line's cost, to `providerId` (null: nobody served it, nothing to bill). */
  private async bill(userId: string, text: string, providerId: string | null): Promise<void> {
    if (providerId === null) return;
    const usage = ttsUsage(providerId, text);
    // A session of its own, ended at once: the meter keeps the user's day total, not the id.
    const sessionId = `voice-preview-${randomUUID()}`;
    const outcome = this.d.meter.record({ userId, sessionId, turnId: 0, seq: 0, usage });
    this.d.meter.endSession(sessionId);
    if (!outcome.counted) return;
    const micros = outcome.costMicros;
    this.d.spent('tts', providerId, micros);
    await this.d.record([
      {
        userId,
        sessionId,
        stage: 'tts',
        provider: providerId,
        units: { characters: usage.characters },
        costMicros: micros,
      },
    ]);
    if (micros > 0)
      await this.d.userSpend
        ?.add(userId, utcDay(Date.now()), micros)
        .then((total) => this.d.meter.seedUserDay(userId, total));
  }
}

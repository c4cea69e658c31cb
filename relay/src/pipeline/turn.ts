import type { TurnTimings } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { logFailure } from '../error-tracking/report-error.ts';
import { isAbortError, RelayError } from '../errors.ts';
import { asrBilledTo, type CallOutcome } from '../metering/call-billing.ts';
import { asrUsage, estimatePromptTokens } from '../metering/usage.ts';
import { noteLanguageDrift } from './reply-language.ts';
import { withTraceparent } from '../observability/tracing/trace-context.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import type { ChatMessage } from '../providers/stages/llm.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { withReplyEncoding } from './reply-encoding.ts';
import { ReplySegments } from './reply-segments.ts';
import { streamReply } from './turn-reply.ts';
import { afterSpeechFailure } from './speech-failure.ts';
import { sayNotHeard } from './not-heard.ts';
import { spokenAsOf } from './spoken-as.ts';
import { drain, TurnSpeech } from './turn-speech.ts';

export type { ServedBy, TurnBilling, TurnOptions, TurnOutput, TurnResult } from './turn-options.ts';
export { APOLOGY, CUT_SHORT } from './turn-reply.ts';

/**
 * Runs one turn after the user stopped speaking: final ASR → LLM (streamed) → segments (a first
 * clause, then sentences) → TTS (each synthesised as soon as it is written, or while it is, by a
 * voice that takes text as it streams) → reply audio frames. Everything stops
 * when `signal` aborts.
 */
export function runTurn(o: TurnOptions): Promise<TurnResult> {
  return withReplyEncoding(o, answerTurn);
}

async function answerTurn(o: TurnOptions): Promise<TurnResult> {
  const { turnId, output, signal, log, now } = o;
  const t0 = now();
  const timings: TurnTimings = {};
  const result: TurnResult = {
    status: 'completed',
    transcript: '',
    reply: '',
    audioSamples: 0,
    timings,
    servedBy: {},
    marks: {},
  };
  const since = (t: number) => Math.round((now() - t) * 10) / 10;
  const speculative = o.speculative !== undefined;
  const seqBase = o.speculative?.usageSeq ?? 0;

  let asrOutcome: CallOutcome = 'failed';
  let recognizedBy: string | null = null;
  try {
    // A recogniser that sends the utterance at its end does so for the recognition's span.
    const recognition = o.trace?.recognition?.traceparent;
    const recognized = await abortable(
      withTraceparent(recognition, () => o.asr.finish()),
      signal,
    );
    result.transcript = recognized.text.trim();
    asrOutcome = 'done';
    // A typed message (no audio, no recogniser) was served by no ASR.
    recognizedBy = recognized.provider?.id ?? (o.audioMs > 0 ? o.providers.asr.info.id : null);
    if (recognizedBy !== null) result.servedBy.asr = recognizedBy;
  } catch (err) {
    if (signal.aborted || isAbortError(err)) asrOutcome = 'cancelled';
    recognizedBy = asrBilledTo(o.asr, asrOutcome, o.providers.asr.info.id);
    o.asr.abort();
    if (asrOutcome === 'cancelled') return { ...result, status: 'cancelled' };
    logFailure(log, err, 'asr failed');
    // A RelayError is the relay's own word for this user (its recogniser queue): told as it is.
    output.error(
      err instanceof RelayError
        ? err
        : err instanceof NoProviderError
          ? RelayError.stageUnavailable('asr', turnId, err)
          : RelayError.providerFailed('asr', turnId, err),
    );
    await sayNotHeard(o, result, t0);
    return { ...result, status: 'failed' };
  } finally {
    // Nothing for a recognition that failed everywhere: no provider served it.
    if (recognizedBy !== null && o.audioMs > 0)
      o.billing.record(turnId, seqBase, asrUsage(recognizedBy, o.audioMs, speculative));
  }
  timings.asrFinalMs = since(t0);
  result.marks.asrFinalAtMs = now();
  output.transcript(result.transcript);
  o.onStage?.('llm');
  if (result.transcript === '') return { ...result, status: 'empty' };

  // Read when the turn started: long done by now, unless the turn is a typed message.
  const prefs = o.preferences
    ? await abortable(o.preferences, signal).catch(() => 'cancelled' as const)
    : null;
  if (prefs === 'cancelled') return { ...result, status: 'cancelled' };
  const voice = spokenAsOf(prefs);
  const messages: ChatMessage[] = [...o.history, { role: 'user', content: result.transcript }];
  const llmId = o.providers.llm.info.id;
  const llmStop = o.billing.allow({
    stage: 'llm',
    providerId: llmId,
    speculative,
    inputTokens: estimatePromptTokens(messages),
    outputTokens: 0,
    estimated: true,
  });
  if (llmStop) {
    output.error(llmStop);
    return { ...result, status: 'failed', budgetStop: llmStop };
  }

  // A voice that takes text as it streams is handed each segment from its first words.
  const segments = new ReplySegments(!o.silent && o.providers.tts.synthesizeWritten !== undefined);
  // One memory per turn: a provider that failed is not asked again in this turn.
  const failed = new Set<string>();
  const speech = new TurnSpeech({ turn: o, startedAt: t0, result, spokenAs: voice, failed });
  const voiced = o.speculative?.voiced;
  const speaking = o.silent
    ? drain(segments.spoken)
    : voiced
      ? abortable(voiced, signal).then(() => speech.say(o.providers.tts, segments.spoken))
      : speech.say(o.providers.tts, segments.spoken);
  // Handled below; this keeps a TTS failure during the LLM stream from being "unhandled".
  speaking.catch(() => undefined);
  const stopped = await streamReply(o, {
    messages,
    llmId,
    prefs,
    result,
    segments,
    speaking,
    speech,
    failed,
  });
  if (stopped) return stopped;

  o.onStage?.('tts');
  try {
    await speaking;
  } catch (err) {
    return afterSpeechFailure(o, result, err);
  }
  result.reply = result.reply.trim();
  const drift = noteLanguageDrift(result.reply, prefs?.language, o.trace);
  if (drift) result.languageDrift = drift;
  return result;
}

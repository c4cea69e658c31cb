import {
  audioFrameSamples,
  type TurnMarks,
  type TurnStatus,
  type TurnTimings,
} from '@parley/shared';
import { abortable } from '../abortable.ts';
import { describeError, isAbortError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { asrBilledTo, ChainCall, type CallOutcome } from '../metering/call-billing.ts';
import {
  asrUsage,
  estimatePromptTokens,
  LlmUsageCounter,
  ttsUsage,
  type Usage,
} from '../metering/usage.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import type {
  AsrStream,
  ChatMessage,
  Providers,
  TtsProvider,
  TurnFailures,
} from '../providers/types.ts';
import { AsyncQueue } from './async-queue.ts';
import { ReplyFramer } from './reply-framer.ts';
import { SentenceSplitter } from './sentence-splitter.ts';

/** Where a turn's output goes (the session forwards it to the client). */
export interface TurnOutput {
  transcript(text: string): void;
  replyDelta(text: string): void;
  /** A sentence starts at `startSample` of the turn's reply audio. */
  segment(index: number, text: string, startSample: number): void;
  audio(samples: Int16Array): void;
  error(err: RelayError): void;
}

/** The money side of a turn: may a call start, and what did each call use. */
export interface TurnBilling {
  /** Null when a call estimated at `estimate` may start; else why not (the session ends). */
  allow(estimate: Usage): RelayError | null;
  /**
   * Meters one call a provider served (finished, broken off or cancelled; never one that failed
   * before serving anything); `seq` distinguishes calls of a stage in a turn.
   */
  record(turnId: number, seq: number, usage: Usage): void;
}

/** Which provider served each stage of a turn (a failover chain may not use its primary). */
export interface ServedBy {
  asr?: string;
  llm?: string;
  tts?: string;
}

export interface TurnResult {
  status: TurnStatus;
  servedBy: ServedBy;
  /** When each stage happened (relay clock), for the client's timeline. */
  marks: TurnMarks;
  /** Set when the budget stopped the turn: the session must end with this error. */
  budgetStop?: RelayError;
  transcript: string;
  reply: string;
  audioSamples: number;
  timings: TurnTimings;
}

export interface TurnOptions {
  turnId: number;
  asr: AsrStream;
  /**
   * Audio the ASR received for this utterance (ms), metered here; 0 when there is nothing to
   * meter (a typed message, or a recognition already metered by the caller).
   */
  audioMs: number;
  /** Started ahead of need (at a pause): metered as speculative, under its own usage seqs. */
  speculative?: { usageSeq: number };
  billing: TurnBilling;
  /** Conversation so far (the turn appends nothing itself: the caller records the result). */
  history: readonly ChatMessage[];
  providers: Providers;
  /** Speaks the apology when no LLM can answer (the embedded voice); none = text only. */
  fallbackVoice?: TtsProvider;
  outputRateHz: number;
  timeZone?: string;
  output: TurnOutput;
  signal: AbortSignal;
  log: Logger;
  /** Epoch ms clock with sub-millisecond precision. */
  now: () => number;
}

/**
 * Runs one turn after the user stopped speaking: final ASR → LLM (streamed) → sentences → TTS
 * (each sentence synthesised as soon as it is complete) → reply audio frames. Everything stops
 * when `signal` aborts.
 */
export async function runTurn(o: TurnOptions): Promise<TurnResult> {
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
    const recognized = await abortable(o.asr.finish(), signal);
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
    log.error({ err: describeError(err) }, 'asr failed');
    output.error(
      err instanceof NoProviderError
        ? RelayError.stageUnavailable('asr', turnId, err)
        : RelayError.providerFailed('asr', turnId, err),
    );
    return { ...result, status: 'failed' };
  } finally {
    // Nothing for a recognition that failed everywhere: no provider served it.
    if (recognizedBy !== null && o.audioMs > 0)
      o.billing.record(turnId, seqBase, asrUsage(recognizedBy, o.audioMs, speculative));
  }
  timings.asrFinalMs = since(t0);
  result.marks.asrFinalAtMs = now();
  output.transcript(result.transcript);
  if (result.transcript === '') return { ...result, status: 'empty' };

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

  const sentences = new AsyncQueue<string>();
  // One memory per turn: a provider that failed is not asked again in this turn.
  const failed = new Set<string>();
  const segments = { segments: 0, failed };
  const speaking = speak(o, o.providers.tts, sentences, t0, result, segments);
  // Handled below; this keeps a TTS failure during the LLM stream from being "unhandled".
  speaking.catch(() => undefined);
  const llmStart = now();
  result.marks.llmRequestAtMs = llmStart;
  const counter = new LlmUsageCounter(llmId, messages, speculative);
  let llmOutcome: CallOutcome = 'failed';
  try {
    const splitter = new SentenceSplitter();
    const request = {
      messages,
      signal,
      failed,
      onAttempt: (p: { id: string }) => counter.attempt(p.id),
      onPrompt: (sent: readonly ChatMessage[]) => counter.promptSent(sent),
      onServed: (p: { id: string }) => {
        result.servedBy.llm = p.id;
        counter.servedBy(p.id);
      },
      ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }),
    };
    for await (const event of o.providers.llm.stream(request)) {
      counter.observe(event);
      if (event.type !== 'text' || event.text === '') continue;
      if (timings.llmFirstTokenMs === undefined) {
        timings.llmFirstTokenMs = since(llmStart);
        result.marks.llmFirstTokenAtMs = now();
      }
      result.reply += event.text;
      output.replyDelta(event.text);
      for (const s of splitter.push(event.text)) sentences.push(s);
    }
    for (const s of splitter.flush()) sentences.push(s);
    timings.llmTotalMs = since(llmStart);
    llmOutcome = 'done';
    sentences.close();
  } catch (err) {
    if (signal.aborted || isAbortError(err)) {
      llmOutcome = 'cancelled';
      sentences.fail(err);
      await speaking.catch(() => undefined);
      return { ...result, status: 'cancelled' };
    }
    log.error({ err: describeError(err) }, 'llm failed');
    // What was already said stays said; then the user hears why the answer stops (or is none).
    sentences.close();
    await speaking.catch(() => undefined);
    const apology = result.reply === '' ? APOLOGY : ` ${CUT_SHORT}`;
    result.reply += apology;
    output.replyDelta(apology);
    output.error(
      err instanceof NoProviderError
        ? RelayError.stageUnavailable('llm', turnId, err)
        : RelayError.providerFailed('llm', turnId, err),
    );
    if (o.fallbackVoice) {
      const voice = new AsyncQueue<string>();
      voice.push(apology.trim());
      voice.close();
      await speak(o, o.fallbackVoice, voice, t0, result, segments, false).catch((e: unknown) =>
        log.warn({ err: describeError(e) }, 'could not speak the apology'),
      );
    }
    result.reply = result.reply.trim();
    return { ...result, status: 'failed' };
  } finally {
    const usage = counter.usage(llmOutcome);
    if (usage) o.billing.record(turnId, seqBase, usage);
  }

  try {
    await speaking;
  } catch (err) {
    if (err instanceof BudgetStop) {
      output.error(err.error);
      return { ...result, status: 'failed', budgetStop: err.error };
    }
    if (signal.aborted || isAbortError(err)) return { ...result, status: 'cancelled' };
    log.error({ err: describeError(err) }, 'tts failed');
    output.error(RelayError.providerFailed('tts', turnId, err));
    return { ...result, status: 'failed' };
  }
  result.reply = result.reply.trim();
  return result;
}

/** Said when no LLM could answer at all. */
export const APOLOGY =
  "Sorry, I can't reach my language model right now. Please try again in a moment.";
/** Said when the LLM broke off mid-reply. */
export const CUT_SHORT = 'Sorry, I lost my train of thought. Please ask again.';

/**
 * Synthesises sentences in order as they arrive and streams their audio out. When the voice
 * fails, the user is told once and the rest of the reply goes on as text only (`degrade`); the
 * sentences keep flowing so the LLM is never held up.
 */
async function speak(
  o: TurnOptions,
  tts: TtsProvider,
  sentences: AsyncQueue<string>,
  t0: number,
  result: TurnResult,
  counter: { segments: number; failed: TurnFailures },
  degrade = true,
): Promise<void> {
  let voiceDown = false;
  for await (const text of sentences) {
    o.signal.throwIfAborted();
    if (voiceDown) continue;
    const usage = ttsUsage(tts.info.id, text, o.speculative !== undefined);
    const stop = o.billing.allow(usage);
    if (stop) throw new BudgetStop(stop);
    const framing: { framer: ReplyFramer | null } = { framer: null };
    const framerAt = (rateHz: number) =>
      (framing.framer ??= new ReplyFramer({
        inputRateHz: rateHz,
        outputRateHz: o.outputRateHz,
        // Each frame is encoded where it is framed (see TurnOutput.audio): one buffer per frame.
        allocate: audioFrameSamples,
      }));
    const ttsStart = o.now();
    result.marks.ttsRequestAtMs ??= ttsStart;
    const segment = counter.segments++;
    let segmentSent = false;
    const send = (frames: Int16Array[]) => {
      for (const f of frames) {
        if (!segmentSent) {
          // The segment is announced with its first audio: text never spoken has no segment.
          o.output.segment(segment, text, result.audioSamples);
          segmentSent = true;
        }
        if (result.timings.relayFirstAudioMs === undefined) {
          result.marks.ttsFirstAudioAtMs = o.now();
          result.timings.ttsFirstAudioMs = Math.round((o.now() - ttsStart) * 10) / 10;
          result.timings.relayFirstAudioMs = Math.round((o.now() - t0) * 10) / 10;
        }
        o.output.audio(f);
        result.audioSamples += f.length;
      }
    };
    // Billed to the voice that served the sentence; nobody when every voice failed it.
    const call = new ChainCall(tts.info.id);
    let outcome: CallOutcome = 'failed';
    try {
      const request = {
        text,
        signal: o.signal,
        failed: counter.failed,
        onAttempt: (p: { id: string }) => call.attempt(p.id),
        onServed: (p: { id: string }, rateHz: number) => {
          call.serve(p.id);
          framerAt(rateHz);
        },
      };
      for await (const pcm of tts.synthesize(request)) {
        o.signal.throwIfAborted();
        send(framerAt(tts.sampleRateHz).push(pcm));
      }
      if (framing.framer) send(framing.framer.end());
      outcome = 'done';
      result.servedBy.tts ??= call.billedTo(outcome) ?? tts.info.id;
    } catch (err) {
      if (o.signal.aborted || isAbortError(err)) outcome = 'cancelled';
      if (outcome === 'cancelled' || !degrade) throw err;
      o.log.error({ err: describeError(err) }, 'tts failed: the reply goes on as text');
      o.output.error(
        err instanceof NoProviderError
          ? RelayError.stageUnavailable('tts', o.turnId, err)
          : RelayError.providerFailed('tts', o.turnId, err),
      );
      voiceDown = true;
    } finally {
      const billedTo = call.billedTo(outcome);
      if (billedTo !== null)
        o.billing.record(o.turnId, (o.speculative?.usageSeq ?? 0) + segment, {
          ...usage,
          providerId: billedTo,
        });
    }
  }
}

/** The budget refused a TTS call mid-reply. */
class BudgetStop extends Error {
  constructor(readonly error: RelayError) {
    super(error.message);
  }
}

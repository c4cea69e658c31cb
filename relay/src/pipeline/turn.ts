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
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import type {
  AsrStream,
  ChatMessage,
  Providers,
  TtsProvider,
  TurnFailures,
} from '../providers/types.ts';
import { AsyncQueue } from './async-queue.ts';
import { endOfCutReply } from './cut-reply.ts';
import { ReplyFramer } from './reply-framer.ts';
import { SentenceSplitter } from './sentence-splitter.ts';
import { restartPause, TurnVoice } from './turn-voice.ts';

/** Where a turn's output goes (the session forwards it to the client). */
export interface TurnOutput {
  transcript(text: string): void;
  replyDelta(text: string): void;
  /**
   * A sentence starts at `startSample` of the turn's reply audio. The same `index` again: the
   * sentence's voice broke off, and it is said again from its start from `startSample` by the
   * next voice; the cut audio before counts for no words.
   */
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
  /**
   * The user's preferences as read at the turn's start (persona, reply length, voice, pace),
   * awaited before the LLM request; absent: the providers' configured prompt and voice.
   */
  preferences?: Promise<TurnPreferences>;
  /** The reply is wanted as text only: no speech is synthesised (nor billed). */
  silent?: boolean;
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

  // Read when the turn started: long done by now, unless the turn is a typed message.
  const prefs = o.preferences
    ? await abortable(o.preferences, signal).catch(() => 'cancelled' as const)
    : null;
  if (prefs === 'cancelled') return { ...result, status: 'cancelled' };
  const voice: SpokenAs = prefs ? { voice: prefs.voice, speakingRate: prefs.speakingRate } : {};
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
  const segments: SpeechCount = { segments: 0, calls: 0, failed };
  const speaking = o.silent
    ? drain(sentences)
    : speak(o, o.providers.tts, sentences, t0, result, segments, voice);
  // Handled below; this keeps a TTS failure during the LLM stream from being "unhandled".
  speaking.catch(() => undefined);
  const llmStart = now();
  result.marks.llmRequestAtMs = llmStart;
  const counter = new LlmUsageCounter(llmId, messages, speculative);
  const splitter = new SentenceSplitter();
  let llmOutcome: CallOutcome = 'failed';
  try {
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
      ...(prefs ? { style: prefs.style } : {}),
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
    if (result.reply.trim() !== '') {
      // Broken off mid-reply: what was said stays said, the unfinished sentence too (shown
      // ending in a dash); then one apology, in the same voice. The turn's status says it
      // failed: no second notice asks the user to repeat themselves.
      const end = endOfCutReply(result.reply, CUT_SHORT);
      result.reply += end;
      output.replyDelta(end);
      for (const s of splitter.flush()) sentences.push(s);
      sentences.push(CUT_SHORT);
      sentences.close();
      await speaking.catch(() => undefined);
      result.reply = result.reply.trim();
      return { ...result, status: 'failed' };
    }
    sentences.close();
    await speaking.catch(() => undefined);
    result.reply = APOLOGY;
    output.replyDelta(APOLOGY);
    output.error(
      err instanceof NoProviderError
        ? RelayError.stageUnavailable('llm', turnId, err)
        : RelayError.providerFailed('llm', turnId, err),
    );
    if (o.fallbackVoice && !o.silent) {
      const apology = new AsyncQueue<string>();
      apology.push(APOLOGY);
      apology.close();
      await speak(o, o.fallbackVoice, apology, t0, result, segments, voice, false).catch(
        (e: unknown) => log.warn({ err: describeError(e) }, 'could not speak the apology'),
      );
    }
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

/** Takes the sentences of a reply nobody will hear (a text-only turn). */
async function drain(sentences: AsyncQueue<string>): Promise<void> {
  const it = sentences[Symbol.asyncIterator]();
  for (;;) if ((await it.next()).done) return;
}

/** Said when no LLM could answer at all. */
export const APOLOGY =
  "Sorry, I can't reach my language model right now. Please try again in a moment.";
/** Said when the LLM broke off mid-reply. */
export const CUT_SHORT = 'Sorry, I lost my train of thought. Please ask again.';

/** The voice and pace the user chose, for each synthesis of the turn. */
interface SpokenAs {
  voice?: string | undefined;
  speakingRate?: number | undefined;
}

/**
 * Per turn: sentences announced (the wire's segment index), TTS calls made (usage seqs) and the
 * providers that failed in it (not asked again).
 */
interface SpeechCount {
  segments: number;
  calls: number;
  failed: TurnFailures;
}

/**
 * Synthesises sentences in order as they arrive and streams their audio out. A voice that
 * breaks off mid-sentence hands that sentence (said again from its start) and the rest of the
 * reply to the next voice of the chain (see {@link TurnVoice}); when no voice is left, the user
 * is told once and the rest of the reply goes on as text only (`degrade`). The sentences keep
 * flowing so the LLM is never held up.
 */
async function speak(
  o: TurnOptions,
  tts: TtsProvider,
  sentences: AsyncQueue<string>,
  t0: number,
  result: TurnResult,
  counter: SpeechCount,
  spokenAs: SpokenAs,
  degrade = true,
): Promise<void> {
  const voice = new TurnVoice(o.turnId);
  for await (const text of sentences) {
    o.signal.throwIfAborted();
    if (voice.lost) continue;
    const segment = counter.segments++;
    let announced = false;
    // Owed before the next voice's first audio of a sentence cut off (see RESTART_PAUSE_MS).
    let pauseOwed = false;
    for (let done = false; !done;) {
      const usage = ttsUsage(tts.info.id, text, o.speculative !== undefined);
      const stop = o.billing.allow(usage);
      if (stop) throw new BudgetStop(stop);
      const callSeq = counter.calls++;
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
      // Whether this call's audio went out, and who got to say it (a chain tells before its
      // first audio; nobody when every voice failed before).
      const said: { heard: boolean; speaker: string | null } = { heard: false, speaker: null };
      const emit = (f: Int16Array) => {
        o.output.audio(f);
        result.audioSamples += f.length;
      };
      const send = (frames: Int16Array[]) => {
        for (const f of frames) {
          if (!said.heard) {
            said.heard = true;
            const note = voice.takeNote();
            if (note) o.output.error(note);
            // The segment is announced with its first audio: text never spoken has no segment.
            if (!announced) o.output.segment(segment, text, result.audioSamples);
            announced = true;
            if (pauseOwed) restartPause(o.outputRateHz).forEach(emit);
            pauseOwed = false;
          }
          if (result.timings.relayFirstAudioMs === undefined) {
            result.marks.ttsFirstAudioAtMs = o.now();
            result.timings.ttsFirstAudioMs = Math.round((o.now() - ttsStart) * 10) / 10;
            result.timings.relayFirstAudioMs = Math.round((o.now() - t0) * 10) / 10;
          }
          emit(f);
        }
      };
      // Billed to the voice that served the call (all of it, or the part before it broke off);
      // nobody when every voice failed before any audio.
      const call = new ChainCall(tts.info.id);
      let outcome: CallOutcome = 'failed';
      try {
        const request = {
          text,
          signal: o.signal,
          ...(spokenAs.voice === undefined ? {} : { voice: spokenAs.voice }),
          ...(spokenAs.speakingRate === undefined ? {} : { speakingRate: spokenAs.speakingRate }),
          failed: counter.failed,
          onAttempt: (p: { id: string }) => call.attempt(p.id),
          onServed: (p: { id: string }, rateHz: number) => {
            call.serve(p.id);
            said.speaker = p.id;
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
        done = true;
      } catch (err) {
        if (o.signal.aborted || isAbortError(err)) outcome = 'cancelled';
        if (outcome === 'cancelled' || !degrade) throw err;
        // What arrived before the failure is sound audio (see PcmCheck): what was begun, ends.
        const { heard } = said;
        if (heard && framing.framer) send(framing.framer.end());
        const next = voice.failed(err, said.speaker ?? (heard ? tts.info.id : null), heard);
        if (next.kind === 'again') {
          o.log.warn(
            { err: describeError(err), provider: said.speaker, heard },
            'tts broke off mid-sentence: the next voice says it again',
          );
          if (heard) {
            // Said again from here (after a pause, with the next voice's first audio): told
            // now, so that an interrupt meanwhile claims none of the cut sentence's words.
            o.output.segment(segment, text, result.audioSamples);
            pauseOwed = true;
          }
        } else {
          o.log.error({ err: describeError(err) }, 'tts failed: the reply goes on as text');
          o.output.error(next.notice);
          done = true;
        }
      } finally {
        const billedTo = call.billedTo(outcome);
        if (billedTo !== null)
          o.billing.record(o.turnId, (o.speculative?.usageSeq ?? 0) + callSeq, {
            ...usage,
            providerId: billedTo,
          });
      }
    }
  }
}

/** The budget refused a TTS call mid-reply. */
class BudgetStop extends Error {
  constructor(readonly error: RelayError) {
    super(error.message);
  }
}

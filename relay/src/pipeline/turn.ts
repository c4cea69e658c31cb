import type { TurnStatus, TurnTimings } from '@parley/shared';
import { describeError, isAbortError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { AsrStream, ChatMessage, Providers } from '../providers/types.ts';
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

export interface TurnResult {
  status: TurnStatus;
  transcript: string;
  reply: string;
  audioSamples: number;
  timings: TurnTimings;
}

export interface TurnOptions {
  turnId: number;
  asr: AsrStream;
  /** Conversation so far (the turn appends nothing itself: the caller records the result). */
  history: readonly ChatMessage[];
  providers: Providers;
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
  };
  const since = (t: number) => Math.round((now() - t) * 10) / 10;

  try {
    result.transcript = (await abortable(o.asr.finish(), signal)).text.trim();
  } catch (err) {
    o.asr.abort();
    if (signal.aborted || isAbortError(err)) return { ...result, status: 'cancelled' };
    log.error({ err: describeError(err) }, 'asr failed');
    output.error(RelayError.providerFailed('asr', turnId, err));
    return { ...result, status: 'failed' };
  }
  timings.asrFinalMs = since(t0);
  output.transcript(result.transcript);
  if (result.transcript === '') return { ...result, status: 'empty' };

  const sentences = new AsyncQueue<string>();
  const speaking = speak(o, sentences, t0, result);
  // Handled below; this keeps a TTS failure during the LLM stream from being "unhandled".
  speaking.catch(() => undefined);
  const llmStart = now();
  try {
    const splitter = new SentenceSplitter();
    const messages: ChatMessage[] = [...o.history, { role: 'user', content: result.transcript }];
    const request = {
      messages,
      signal,
      ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }),
    };
    for await (const event of o.providers.llm.stream(request)) {
      if (event.type !== 'text' || event.text === '') continue;
      timings.llmFirstTokenMs ??= since(llmStart);
      result.reply += event.text;
      output.replyDelta(event.text);
      for (const s of splitter.push(event.text)) sentences.push(s);
    }
    for (const s of splitter.flush()) sentences.push(s);
    timings.llmTotalMs = since(llmStart);
    sentences.close();
  } catch (err) {
    sentences.fail(err);
    await speaking.catch(() => undefined);
    if (signal.aborted || isAbortError(err)) return { ...result, status: 'cancelled' };
    log.error({ err: describeError(err) }, 'llm failed');
    output.error(RelayError.providerFailed('llm', turnId, err));
    return { ...result, status: 'failed' };
  }

  try {
    await speaking;
  } catch (err) {
    if (signal.aborted || isAbortError(err)) return { ...result, status: 'cancelled' };
    log.error({ err: describeError(err) }, 'tts failed');
    output.error(RelayError.providerFailed('tts', turnId, err));
    return { ...result, status: 'failed' };
  }
  result.reply = result.reply.trim();
  return result;
}

/** Synthesises sentences in order as they arrive and streams their audio out. */
async function speak(
  o: TurnOptions,
  sentences: AsyncQueue<string>,
  t0: number,
  result: TurnResult,
): Promise<void> {
  const { tts } = o.providers;
  let index = 0;
  for await (const text of sentences) {
    o.signal.throwIfAborted();
    const framer = new ReplyFramer({ inputRateHz: tts.sampleRateHz, outputRateHz: o.outputRateHz });
    const ttsStart = o.now();
    o.output.segment(index++, text, result.audioSamples);
    const send = (frames: Int16Array[]) => {
      for (const f of frames) {
        if (result.timings.relayFirstAudioMs === undefined) {
          result.timings.ttsFirstAudioMs = Math.round((o.now() - ttsStart) * 10) / 10;
          result.timings.relayFirstAudioMs = Math.round((o.now() - t0) * 10) / 10;
        }
        o.output.audio(f);
        result.audioSamples += f.length;
      }
    };
    for await (const pcm of tts.synthesize({ text, signal: o.signal })) {
      o.signal.throwIfAborted();
      send(framer.push(pcm));
    }
    send(framer.end());
  }
}

/** Races a promise against an abort signal. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

import { setImmediate as nextTurnOfLoop } from 'node:timers/promises';
import { audioFrameSamples } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { logFailure } from '../error-tracking/report-error.ts';
import { describeError, isAbortError, type RelayError } from '../errors.ts';
import { ChainCall, type CallOutcome } from '../metering/call-billing.ts';
import { ttsUsage } from '../metering/usage.ts';
import type { TtsProvider, TurnFailures } from '../providers/types.ts';
import type { AsyncQueue } from './async-queue.ts';
import { replyPacketSamples } from './reply-encoding.ts';
import { ReplyFramer } from './reply-framer.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { restartPause, TurnVoice } from './turn-voice.ts';

/**
 * Most a turn holds the event loop while it frames (and, for Opus, encodes) a sentence's audio
 * before letting other sessions' work run (ms). A sentence of Flite comes as one block of 2–10 s:
 * encoded at once it held the loop 15–80 ms, every other session's chunks and replies waiting.
 */
export const SPEECH_SLICE_MS = 3;

/** Takes the sentences of a reply nobody will hear (a text-only turn). */
export async function drain(sentences: AsyncQueue<string>): Promise<void> {
  const it = sentences[Symbol.asyncIterator]();
  for (;;) if ((await it.next()).done) return;
}

/** The voice and pace the user chose, for each synthesis of the turn. */
export interface SpokenAs {
  voice?: string | undefined;
  speakingRate?: number | undefined;
}

/**
 * Per turn: sentences announced (the wire's segment index), TTS calls made (usage seqs) and the
 * providers that failed in it (not asked again).
 */
export interface SpeechCount {
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
export async function speak(
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
  /** When the loop last turned during this reply's framing (see {@link SPEECH_SLICE_MS}). */
  const slice = { startedAt: performance.now() };
  for await (const text of sentences) {
    o.signal.throwIfAborted();
    if (voice.lost) continue;
    // A held answer has its first sentence ready; the rest waits until it is promoted.
    const released = o.speculative?.released;
    if (counter.segments > 0 && released) await abortable(released, o.signal);
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
          packetSamples: replyPacketSamples(o),
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
      const send = async (frames: Int16Array[]) => {
        for (const f of frames) {
          // Measured across calls: a voice's audio arriving in small pieces, already queued,
          // would otherwise run on in microtasks and never let the loop turn.
          if (performance.now() - slice.startedAt >= SPEECH_SLICE_MS) {
            await nextTurnOfLoop();
            o.signal.throwIfAborted();
            slice.startedAt = performance.now();
          }
          if (!said.heard) {
            said.heard = true;
            const note = voice.takeNote();
            if (note) o.output.error(note);
            // The segment is announced with its first audio: text never spoken has no segment.
            if (!announced) o.output.segment(segment, text, result.audioSamples);
            announced = true;
            if (pauseOwed) restartPause(o.outputRateHz, replyPacketSamples(o)).forEach(emit);
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
          await send(framerAt(tts.sampleRateHz).push(pcm));
        }
        if (framing.framer) await send(framing.framer.end());
        outcome = 'done';
        result.servedBy.tts ??= call.billedTo(outcome) ?? tts.info.id;
        done = true;
      } catch (err) {
        if (o.signal.aborted || isAbortError(err)) outcome = 'cancelled';
        if (outcome === 'cancelled' || !degrade) throw err;
        // What arrived before the failure is sound audio (see PcmCheck): what was begun, ends.
        const { heard } = said;
        if (heard && framing.framer) await send(framing.framer.end());
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
          logFailure(o.log, err, 'tts failed: the reply goes on as text');
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
export class BudgetStop extends Error {
  constructor(readonly error: RelayError) {
    super(error.message);
  }
}

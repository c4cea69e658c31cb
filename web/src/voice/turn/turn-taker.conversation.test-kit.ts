import { concat, type ClientMessage } from '@parley/shared';
import { VAD_FRAME_SAMPLES, type VadEvent } from '../../audio/vad.ts';
import type { TraceUpdate } from '../../state/types.ts';
import { TurnTaker } from './turn-taker.ts';
import { quietEvents, scenarioDeps, silentPlayer } from './turn-taker.test-kit.ts';

export const FRAME_MS = VAD_FRAME_SAMPLES / 16;

/** A voice at 16 kHz whose pitch glides from `fromHz` to `toHz` over `ms`. */
function glide(fromHz: number, toHz: number, ms: number): Float32Array {
  const out = new Float32Array(ms * 16);
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    phase += (2 * Math.PI * (fromHz + ((toHz - fromHz) * i) / out.length)) / 16_000;
    out[i] = 0.3 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase));
  }
  return out;
}
/** A complete sentence's 250 ms wait, ended at a frame or a capture block past it (ms). */
export const COMPLETE_END_MS = 250 + FRAME_MS + 6;

/**
 * A user talking to the turn-taker under the end-of-turn policy, one 32 ms VAD frame at a time
 * (audio and the VAD's speech probability together), with the relay's words at each pause
 * handed in as its `transcript.partial` would. The VAD's end of segment, when the policy asks
 * for it, is a `speechEnd` at once, as `VoiceActivityDetector.endSegment` gives; with
 * `vadAnswers` 'when told', only at `c.vadAnswers()` (its worker lagging).
 */
export function conversation(
  eagerness: 'eager' | 'balanced' | 'patient' = 'balanced',
  duplex: 'full' | 'half' = 'full',
  language?: string,
  vadAnswers: 'at once' | 'when told' = 'at once',
) {
  const wire: string[] = [];
  const traces: TraceUpdate[] = [];
  let at = 0;
  let speechFrom: number | null = null;
  let lastSpeech = 0;
  let pauseSeq: number | undefined;
  let turnId = 0;
  /** The VAD's answer to the page's request to end its segment, not delivered yet. */
  let owed: VadEvent | null = null;
  let endAsked = 0;
  const turns: TurnTaker = new TurnTaker(
    scenarioDeps({
      events: quietEvents({ trace: (_id, update) => traces.push(update) }),
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.pause') {
          pauseSeq = m.lastSeq;
          wire.push(`pause@${Math.round(at / 16)}`);
        } else if (m.type === 'utterance.resume') wire.push(`resume@${Math.round(at / 16)}`);
        else if (m.type === 'utterance.end') wire.push(`end@${Math.round(at / 16)}`);
        else if (m.type === 'utterance.start') {
          turnId = m.turnId;
          wire.push('start');
        }
      },
      sendChunk: () => undefined,
      player: silentPlayer(),
      duplex,
      endSpeech: () => {
        endAsked++;
        if (speechFrom === null) return;
        owed = {
          type: 'speechEnd',
          startSample: speechFrom,
          paddedStartSample: speechFrom,
          endSample: lastSpeech,
          decidedAtSample: at,
        };
        speechFrom = null;
        if (vadAnswers === 'at once') c.vadAnswers();
      },
      eagerness,
      endOfTurnRule: 'policy',
      ...(language === undefined ? {} : { language }),
    }),
  );
  /**
   * Captured audio (wire times are where the audio has got to), then the VAD's frame of it;
   * `audio`: what was said in it (default a flat level, no pitch).
   */
  const frame = (probability: number, judged = true, audio?: Float32Array) => {
    const start = at;
    const loud = probability > 0.5;
    at += VAD_FRAME_SAMPLES;
    if (loud) lastSpeech = at;
    turns.captured(
      audio ?? new Float32Array(VAD_FRAME_SAMPLES).fill(loud ? 0.3 : 0.001),
      start,
      loud ? -10 : -60,
    );
    if (judged) turns.vad({ type: 'frame', startSample: start, probability });
  };
  const c = {
    turns,
    /** Times the page asked the VAD to end its segment. */
    get endAsked() {
      return endAsked;
    },
    /** The VAD's worker answers the page's request to end its segment (its `speechEnd`). */
    vadAnswers() {
      const e = owed;
      owed = null;
      if (e) turns.vad(e);
      return c;
    },
    /** Whether the VAD's segment is open. */
    get segmentOpen() {
      return speechFrom !== null;
    },
    wire,
    traces,
    /** Speech for `ms` (a new segment when none is open). */
    talk(ms: number) {
      if (speechFrom === null) {
        speechFrom = at;
        turns.vad({
          type: 'speechStart',
          startSample: at,
          paddedStartSample: at,
          decidedAtSample: at,
        });
        turns.vad({ type: 'speechRealStart', startSample: at, decidedAtSample: at });
      }
      for (let t = 0; t < ms; t += FRAME_MS) frame(0.9);
      return c;
    },
    /**
     * Speech in a voice: syllables of `syllableMs` each (a glide of the pitch `[fromHz, toHz]`,
     * 64 ms apart), the VAD's frames all speech; the segment is already open.
     */
    say(...syllables: [syllableMs: number, fromHz: number, toHz: number][]) {
      const gap = new Float32Array(64 * 16);
      const parts = syllables.flatMap(([ms, from, to]) => [gap, glide(from, to, ms)]);
      const audio = concat(Float32Array, parts.slice(1));
      for (let i = 0; i < audio.length; i += VAD_FRAME_SAMPLES) {
        const block = new Float32Array(VAD_FRAME_SAMPLES);
        block.set(audio.subarray(i, i + VAD_FRAME_SAMPLES));
        frame(0.9, true, block);
        if (block.some((x) => Math.abs(x) > 0.01)) lastSpeech = at;
      }
      return c;
    },
    /** Quiet audio captured that the VAD has not judged yet (its worker lags), for `ms`. */
    unjudged(ms: number) {
      for (let t = 0; t < ms; t += FRAME_MS) frame(0.05, false);
      return c;
    },
    /** Quiet audio the VAD still half takes for speech (between its thresholds), for `ms`. */
    linger(ms: number) {
      for (let t = 0; t < ms; t += FRAME_MS) frame(0.28);
      return c;
    },
    /**
     * Silence for `ms`; the relay's words for the pause come `wordsAfterMs` into it (its running
     * hypothesis, then its `closed` segment when given).
     */
    pause(ms: number, words?: string, wordsAfterMs = 260, closed?: string) {
      for (let t = 0; t < ms; t += FRAME_MS) {
        if (words !== undefined && t >= wordsAfterMs && t - FRAME_MS < wordsAfterMs) {
          turns.words(turnId, { text: words, pauseSeq });
          if (closed !== undefined)
            turns.words(turnId, { text: closed, pauseSeq, reading: 'closed' });
        }
        frame(0.05);
      }
      return c;
    },
    /**
     * Silence for `ms` with a recogniser that closes the pause's words: its hypothesis `words`
     * comes `wordsAfterMs` into it, saying the closed reading follows; that comes
     * `closedAfterMs` into it (null: never).
     */
    pauseClosing(
      ms: number,
      words: string,
      wordsAfterMs: number,
      closed: string,
      closedAfterMs: number | null,
    ) {
      const at = (after: number, t: number) => t >= after && t - FRAME_MS < after;
      for (let t = 0; t < ms; t += FRAME_MS) {
        if (at(wordsAfterMs, t))
          turns.words(turnId, { text: words, pauseSeq, closedFollows: true });
        if (closedAfterMs !== null && at(closedAfterMs, t))
          turns.words(turnId, { text: closed, pauseSeq, reading: 'closed' });
        frame(0.05);
      }
      return c;
    },
    /** The end-of-turn decision the turn-taker traced. */
    endOfTurn() {
      return traces.findLast((t) => t.endOfTurn !== undefined)?.endOfTurn;
    },
    /** When the (last) turn ended, in ms after the last speech. */
    endedAfterSpeech(): number | null {
      const end = wire.findLast((w) => w.startsWith('end@'));
      return end === undefined ? null : Number(end.slice(4)) - lastSpeech / 16;
    },
  };
  return c;
}

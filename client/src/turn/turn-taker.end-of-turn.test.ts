import { describe, expect, it } from 'vitest';
import { concat, type ClientMessage } from '@parley/shared';
import { VAD_FRAME_SAMPLES } from '../audio/vad.ts';
import type { TraceUpdate } from './turn-trace.ts';
import { TurnTaker } from './turn-taker.ts';
import { quietEvents, scenarioDeps, silentPlayer } from './turn-taker.test-kit.ts';

const FRAME_MS = VAD_FRAME_SAMPLES / 16;

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
const COMPLETE_END_MS = 250 + FRAME_MS + 6;

/**
 * A user talking to the turn-taker under the end-of-turn policy, one 32 ms VAD frame at a time
 * (audio and the VAD's speech probability together), with the relay's words at each pause
 * handed in as its `transcript.partial` would. The VAD's end of segment, when the policy asks
 * for it, is a `speechEnd` at once, as `VoiceActivityDetector.endSegment` gives.
 */
function conversation(
  eagerness: 'eager' | 'balanced' | 'patient' = 'balanced',
  duplex: 'full' | 'half' = 'full',
  language?: string,
) {
  const wire: string[] = [];
  const traces: TraceUpdate[] = [];
  let at = 0;
  let speechFrom: number | null = null;
  let lastSpeech = 0;
  let pauseSeq: number | undefined;
  let turnId = 0;
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
        if (speechFrom === null) return;
        turns.vad({
          type: 'speechEnd',
          startSample: speechFrom,
          paddedStartSample: speechFrom,
          endSample: lastSpeech,
          decidedAtSample: at,
        });
        speechFrom = null;
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

describe('TurnTaker with the end-of-turn policy', () => {
  it('ends a complete question as soon as the words at the pause say so', () => {
    const c = conversation().talk(1150).pause(1500, 'what time is it', 100);
    // The pause is told three frames into the silence; the first frame past 250 ms ends it.
    expect(c.wire).toEqual(['start', 'pause@1248', 'end@1408']);
    expect(c.endedAfterSpeech()).toBe(256);
    expect(c.endOfTurn()).toEqual({ waitMs: 250, reason: 'complete question' });
  });

  it('counts the wait from the last loud sample, not from where the VAD let go', () => {
    const c = conversation().talk(1200).linger(160).pause(1500, 'what time is it', 96);
    // 160 ms of quiet frames the VAD was unsure of count as silence already: the turn ends at
    // the first frame after the words (from the VAD's silence it would be 416 ms).
    expect(c.endedAfterSpeech()).toBe(288);
  });

  it('waits through a pause after a trailing word, and the utterance goes on', () => {
    const c = conversation()
      .talk(1200)
      .pause(900, 'book a table for')
      .talk(600)
      .pause(800, 'book a table for two');
    expect(c.wire.filter((w) => w.startsWith('end'))).toHaveLength(1);
    expect(c.wire.slice(0, 3)).toEqual(['start', 'pause@1312', 'resume@2176']);
    expect(c.endOfTurn()?.reason).toBe('complete statement');
  });

  it('hears the voice at the pause and says whether it went on or ended (issue 52)', () => {
    // "set a timer for" heard as "set a timer far": level pitch, a clipped last syllable.
    const misheard = conversation()
      .talk(320)
      .say([160, 180, 180], [160, 182, 178], [64, 180, 179])
      .pause(1500, 'set a timer far', 96);
    // On its own the voice holds nothing (the user's pauses after it would: see EndOfTurn).
    expect(misheard.endOfTurn()).toEqual({
      waitMs: 250,
      reason: 'complete statement; voice goes on (level pitch, short last syllable)',
    });
    // The same words with a drawn-out fall.
    const finished = conversation()
      .talk(320)
      .say([160, 180, 180], [160, 182, 178], [256, 180, 130])
      .pause(1500, 'set a timer for two', 96);
    expect(finished.endOfTurn()?.reason).toMatch(/^complete statement; pitch falling/);
    expect(finished.endedAfterSpeech()).toBeLessThanOrEqual(COMPLETE_END_MS);
  });

  it('ends in quiet audio the VAD has not judged yet, once the wait is over in it', () => {
    // The pause is found and its words come; then only capture blocks, no VAD frames.
    const c = conversation().talk(1150).pause(128, 'what time is it', 96).unjudged(400);
    expect(c.endedAfterSpeech()).toBe(256);
    // Sound after the pause leaves the end to the VAD's frames.
    const loud = conversation().talk(1150).pause(128, 'what time is it', 96);
    loud.turns.captured(new Float32Array(VAD_FRAME_SAMPLES).fill(0.3), 1152 * 16 + 2048, -10);
    loud.unjudged(400);
    expect(loud.endedAfterSpeech()).toBeNull();
  });

  it("ends on the closed segment's reading where both readings are complete", () => {
    const c = conversation().talk(1150).pause(1500, 'what time is this', 96, 'what time is it');
    expect(c.endedAfterSpeech()).toBe(256);
    expect(c.endOfTurn()).toEqual({ waitMs: 250, reason: 'complete question' });
  });

  it('waits on the hypothesis where it owes words and the closed segment does not', () => {
    const c = conversation()
      .talk(1150)
      .pause(1500, 'what are the opening hours of the', 96, 'what are the opening hours of it');
    expect(c.endedAfterSpeech()).toBe(1216);
    expect(c.endOfTurn()).toEqual({ waitMs: 1200, reason: "trailing article 'the'" });
  });

  it('ends on the closed segment where it only hears out the last word the hypothesis had not', () => {
    // Issue 45: "what time is it" waited 1.2 s on its hypothesis "what time is a".
    const c = conversation().talk(1150).pause(1500, 'what time is a', 96, 'what time is it');
    expect(c.endedAfterSpeech()).toBe(256);
    expect(c.endOfTurn()).toEqual({ waitMs: 250, reason: 'complete question' });
  });

  it('holds the end for the closed reading the relay said follows, and decides on it', () => {
    // "book a flight to": at the pause "but for flight" (complete), closed 300 ms in as owing.
    const owing = conversation()
      .talk(1150)
      .pauseClosing(1500, 'but for flight', 96, 'but the flight to', 300);
    expect(owing.endedAfterSpeech()).toBe(1216);
    expect(owing.endOfTurn()?.reason).toBe("trailing preposition 'to'");
    // Closed as heard: the turn ends at the next frame, and the panel says what it waited for.
    const same = conversation()
      .talk(1150)
      .pauseClosing(1500, 'what time is it', 96, 'what time is it', 300);
    expect(same.endedAfterSpeech()).toBe(352);
    expect(same.endOfTurn()).toEqual({
      waitMs: 352,
      reason: 'complete question; waited for the final words',
    });
    // Never come: no longer than the wait for words not known.
    const lost = conversation().talk(1150).pauseClosing(1500, 'what time is it', 96, '', null);
    expect(lost.endedAfterSpeech()).toBe(512);
  });

  it('waits longer at words where it cut this user off before, once they went on three times', () => {
    const c = conversation().talk(1000);
    for (let i = 0; i < 3; i++) {
      // "It is twenty…" heard as a complete "it is plenty": the turn ends at the first frame
      // past 250 ms, and the user goes on 480 ms after their last word (cutting in on the answer).
      c.pause(480, 'it is plenty', 96);
      expect(c.endedAfterSpeech()).toBeLessThanOrEqual(COMPLETE_END_MS);
      // The rest, and a next question 2.1 s later: past the longest wait, nothing to learn.
      c.talk(600).pause(2100, 'five past nine', 96).talk(1000);
    }
    const ends = c.wire.filter((w) => w.startsWith('end')).length;
    // The same pause again: now waited through (their usual 480 ms + 100), and they go on.
    c.pause(480, 'it is plenty', 96).talk(600);
    expect(c.wire.filter((w) => w.startsWith('end'))).toHaveLength(ends);
    c.pause(1500, 'five past nine', 96);
    expect(c.endOfTurn()).toEqual({
      waitMs: 580,
      reason: 'complete statement; you pause ~480 ms',
    });
  });

  it('learns nothing from a next utterance long after the end, or from the reply heard on speakers', () => {
    const late = conversation().talk(1000);
    for (let i = 0; i < 3; i++) late.pause(2100, 'it is plenty', 96).talk(1000);
    late.pause(1500, 'what time is it', 96);
    expect(late.endedAfterSpeech()).toBeLessThanOrEqual(COMPLETE_END_MS);

    const half = conversation('balanced', 'half').talk(1000);
    for (let i = 0; i < 3; i++) {
      half.pause(480, 'it is plenty', 96);
      half.turns.replyAudio(half.wire.filter((w) => w === 'start').length);
      // The reply's own sound, 480 ms after the user's last word: ignored, not a resumption.
      half.talk(1000).pause(544);
      half.turns.drained();
      half.pause(2100).talk(1000);
    }
    half.pause(1500, 'what time is it', 96);
    expect(half.endedAfterSpeech()).toBeLessThanOrEqual(COMPLETE_END_MS);
  });

  it("ends at the old 500 ms when the relay's words do not come", () => {
    const c = conversation().talk(1000).pause(1500);
    expect(c.endedAfterSpeech()).toBe(512);
    expect(c.endOfTurn()?.reason).toBe('no words at the pause yet');
  });

  it('waits at most 2 s for a user who never goes on', () => {
    const c = conversation('patient').talk(1000).pause(3000, 'I want to');
    expect(c.endedAfterSpeech()).toBe(1824);
    expect(c.endOfTurn()?.reason).toBe("trailing preposition 'to'");
  });

  it("still ends the reply's own sound ignored in half duplex after 500 ms, so the user's next words start a turn", () => {
    const c = conversation('balanced', 'half').talk(1000).pause(600, 'what time is it');
    c.turns.replyAudio(1);
    // The reply, heard by the microphone on laptop speakers: a segment, ignored.
    c.talk(1500).pause(544);
    expect(c.segmentOpen).toBe(false);
    expect(c.wire.filter((w) => w === 'start')).toHaveLength(1);
    c.turns.drained();
    c.talk(800);
    expect(c.wire.filter((w) => w === 'start')).toHaveLength(2);
  });
});

describe('TurnTaker in the conversation’s language (issue 62)', () => {
  it('waits through a Dutch pause after "voor" and ends a finished Dutch question at once', () => {
    const paused = conversation('balanced', 'full', 'nl-NL')
      .talk(1200)
      .pause(900, 'ik wil een tafel reserveren voor')
      .talk(600)
      .pause(800, 'ik wil een tafel reserveren voor twee');
    expect(paused.wire.filter((w) => w.startsWith('end'))).toHaveLength(1);
    expect(paused.wire.slice(0, 3)).toEqual(['start', 'pause@1312', 'resume@2176']);
    const asked = conversation('balanced', 'full', 'nl')
      .talk(1150)
      .pause(1500, 'hoe laat is het', 100);
    expect(asked.endedAfterSpeech()).toBe(256);
    expect(asked.endOfTurn()).toEqual({ waitMs: 250, reason: 'complete question' });
  });

  it('reads the words of the language set later (the user saved their preference)', () => {
    // English words end nothing in "voor": the turn would end in the pause.
    const english = conversation().talk(1200).pause(900, 'ik wil een tafel reserveren voor');
    expect(english.wire.filter((w) => w.startsWith('end'))).toHaveLength(1);
    const dutch = conversation();
    dutch.turns.setLanguage('nl');
    dutch.talk(1200).pause(900, 'ik wil een tafel reserveren voor');
    expect(dutch.wire.filter((w) => w.startsWith('end'))).toHaveLength(0);
  });

  it('ends by the silence in a language without words, and the latency panel says so', () => {
    const c = conversation('balanced', 'full', 'de').talk(1150).pause(1500, 'wie spät ist es', 100);
    expect(c.endedAfterSpeech()).toBe(512);
    expect(c.endOfTurn()).toEqual({
      waitMs: 500,
      reason: "no turn words for 'de': voice and silence decide",
    });
  });
});

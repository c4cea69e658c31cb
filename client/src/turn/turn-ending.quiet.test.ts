import { describe, expect, it } from 'vitest';
import { TurnEnding } from './turn-ending.ts';

const FRAME_MS = 32;
const BLOCK_MS = 20;
const VOICE_DB = -15;
const ROOM_DB = -90;

/**
 * An utterance's end as the turn-taker feeds it: 20 ms capture blocks at once, the VAD's 32 ms
 * frames of the same audio when its worker gets to them (later). The room is quiet (`roomDb`
 * under -50 dBFS: the threshold the turn-taker's SpeechEndRefiner gives there).
 */
function ending(roomThresholdDb = -50) {
  const e = new TurnEnding({
    eagerness: 'balanced',
    rule: 'policy',
    pauseMs: 96,
    frameMs: FRAME_MS,
    positiveThreshold: 0.5,
    negativeThreshold: 0.35,
    silentBelowDb: () => roomThresholdDb,
  });
  let capturedMs = 0;
  const events: string[] = [];
  const t = {
    e,
    events,
    /** Blocks of `levelDb` for `ms`. */
    capture(ms: number, levelDb: number) {
      for (const end = capturedMs + ms; capturedMs < end; capturedMs += BLOCK_MS) {
        const step = e.block(capturedMs, capturedMs + BLOCK_MS, levelDb);
        if (step.pause) events.push(`pause@${capturedMs + BLOCK_MS}`);
        if (step.end) events.push(`end@${capturedMs + BLOCK_MS}`);
      }
      return t;
    },
    /** The VAD's frames ending at `fromMs`, `fromMs + 32`, … up to `toMs`, at `probability`. */
    judge(fromMs: number, toMs: number, probability: number) {
      for (let end = fromMs; end <= toMs; end += FRAME_MS) {
        const step = e.frame(probability, end);
        if (step.pause) events.push(`vad-pause@${end}`);
        if (step.resume) events.push(`resume@${end}`);
        if (step.end) events.push(`vad-end@${end}`);
      }
      return t;
    },
  };
  return t;
}

describe('TurnEnding: a pause found in the captured audio', () => {
  it('is told after 96 ms of quiet blocks, before the VAD has judged them; the VAD does not tell it again', () => {
    const t = ending().capture(1000, VOICE_DB).capture(200, ROOM_DB);
    expect(t.events).toEqual(['pause@1100']);
    // The VAD's worker catches up: its frames of the speech, then of the silence.
    t.judge(32, 992, 0.9).judge(1024, 1216, 0.05);
    expect(t.events).toEqual(['pause@1100']);
  });

  it('is not ended by the VAD judging the speech before it late, nor by its probability lingering', () => {
    const t = ending().capture(1000, VOICE_DB).capture(200, ROOM_DB);
    t.judge(960, 1184, 0.9);
    expect(t.events).toEqual(['pause@1100']);
  });

  it('ends when the voice comes back: a loud block in a frame the VAD takes for speech', () => {
    const t = ending().capture(1000, VOICE_DB).capture(200, ROOM_DB).capture(100, VOICE_DB);
    t.judge(1216, 1216, 0.2).judge(1248, 1248, 0.9);
    expect(t.events).toEqual(['pause@1100', 'resume@1248']);
  });

  it('ends the turn on quiet blocks once the words say it is complete', () => {
    const t = ending().capture(1000, VOICE_DB).capture(120, ROOM_DB);
    t.e.pausedAt(10);
    t.e.words({ text: 'what time is it', pauseSeq: 10 });
    t.capture(300, ROOM_DB);
    // A complete question's 250 ms from the quiet's start (1000 ms), at the first block past it.
    expect(t.events).toEqual(['pause@1100', 'end@1260']);
  });

  it('is no pause when the quiet is shorter than 96 ms', () => {
    const t = ending().capture(1000, VOICE_DB).capture(80, ROOM_DB).capture(200, VOICE_DB);
    expect(t.events).toEqual([]);
  });

  it('leaves pauses to the VAD in a room loud next to the voice', () => {
    // The room's quiet is -30 dBFS: a voice at -15 is not 20 dB over it.
    const t = ending(-30).capture(1000, VOICE_DB).capture(200, -60);
    expect(t.events).toEqual([]);
    t.judge(1024, 1120, 0.05);
    expect(t.events).toEqual(['vad-pause@1088']);
  });

  it('takes as silence only what is far below the voice: a soft syllable is no pause', () => {
    // A syllable at -44 dBFS is under the room's threshold (-40) but only 29 dB below the voice.
    const t = ending(-40).capture(1000, VOICE_DB).capture(200, -44);
    expect(t.events).toEqual([]);
  });
});

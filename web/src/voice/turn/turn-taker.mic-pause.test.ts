import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '@parley/shared';
import { TurnTaker } from './turn-taker.ts';
import { scenarioDeps, silentPlayer } from './turn-taker.test-kit.ts';

/** What went to the relay, in order: `start:1@6`, `audio:1#7`, `end:1..12`, `cancel:1`. */
function uplink() {
  const sent: string[] = [];
  const seqs: number[] = [];
  const turns = new TurnTaker(
    scenarioDeps({
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.start') sent.push(`start:${m.turnId}@${m.firstSeq}`);
        else if (m.type === 'utterance.end') sent.push(`end:${m.turnId}..${m.lastSeq}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}`);
      },
      sendChunk: (chunk, turnId) => {
        seqs.push(chunk.seq);
        sent.push(`audio:${turnId}#${chunk.seq}`);
      },
      player: silentPlayer(),
      outputRateHz: 24_000,
    }),
  );
  /** Audio at stream position `from` for `ms`, in 20 ms blocks; returns where it ends. */
  const speak = (from: number, ms: number, level = 0.3) => {
    let at = from;
    for (let i = 0; i < ms / 20; i++) {
      turns.captured(new Float32Array(320).fill(level), at, 20 * Math.log10(level));
      at += 320;
    }
    return at;
  };
  const speechStart = (sample: number) =>
    turns.vad({
      type: 'speechStart',
      startSample: sample,
      paddedStartSample: sample,
      decidedAtSample: sample + 512,
    });
  const confirmed = (sample: number) =>
    turns.vad({ type: 'speechRealStart', startSample: sample, decidedAtSample: sample + 6400 });
  return { turns, sent, seqs, speak, speechStart, confirmed };
}

describe('TurnTaker when the microphone goes away', () => {
  it('ends confirmed speech at the last chunk, and the stream continues at the next seq', () => {
    const u = uplink();
    let at = u.speak(0, 1000, 0.001);
    u.speechStart(at);
    at = u.speak(at, 840);
    u.confirmed(16_000);
    u.turns.micPaused();
    // 1.84 s captured (29,440 samples): chunks 0–17 full, 18 partial → sent padded, then the end.
    expect(u.sent.at(-2)).toBe('audio:1#18');
    expect(u.sent.at(-1)).toBe('end:1..18');
    expect(u.turns.streamEndSample).toBe(19 * 1600);
    expect(u.turns.machine.phase).toBe('thinking');
    expect(u.turns.speechEndAtMs.get(1)).toBeGreaterThan(1800);

    // The microphone is back (a new track, minutes later): the stream goes on where it stopped.
    at = u.speak(u.turns.streamEndSample, 1000, 0.001);
    u.speechStart(at);
    u.speak(at, 400);
    // Speech 1 s after the resume: chunk 29, less the 400 ms of padding → from chunk 25.
    expect(u.sent).toContain('start:2@25');
    // Seqs only ever increase, with no hole inside an utterance.
    expect(u.seqs).toEqual([...u.seqs].sort((a, b) => a - b));
    expect(new Set(u.seqs).size).toBe(u.seqs.length);
    const second = u.seqs.filter((s) => s >= 25);
    expect(second).toEqual(second.map((_, i) => 25 + i));
  });

  it('drops a start the VAD had not confirmed, like a misfire', () => {
    const u = uplink();
    const at = u.speak(0, 1000, 0.001);
    u.speechStart(at);
    u.speak(at, 200);
    u.turns.micPaused();
    expect(u.sent.at(-1)).toBe('cancel:1');
    expect(u.turns.machine.phase).toBe('listening');
    expect(u.sent.filter((s) => s.startsWith('end'))).toEqual([]);
  });

  it('with nobody speaking, sends nothing and just squares the stream to a chunk', () => {
    const u = uplink();
    u.speak(0, 250, 0.001);
    u.turns.micPaused();
    expect(u.sent).toEqual([]);
    // 250 ms = 2.5 chunks: the half chunk is completed with silence.
    expect(u.turns.streamEndSample).toBe(3 * 1600);
    u.turns.micPaused();
    expect(u.turns.streamEndSample).toBe(3 * 1600);
  });
});

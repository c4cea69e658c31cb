import { describe, expect, it } from 'vitest';
import { uplink } from './turn-taker.test-kit.ts';

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

describe('TurnTaker and a short word (issue 48: "yes" to "Shall I…?")', () => {
  /** A 300 ms word: the VAD calls it a misfire (less than its 400 ms of speech). */
  function shortWord(heard: string | null) {
    const u = uplink();
    let at = u.speak(0, 1000, 0.001);
    const start = at;
    u.speechStart(start);
    at = u.speak(at, 300);
    const end = at;
    at = u.speak(at, 600, 0.001);
    if (heard !== null) u.turns.words(1, { text: heard });
    u.turns.vad({ type: 'misfire', startSample: start, endSample: end, decidedAtSample: at });
    // The gate cancels a misfired utterance once no speech came back within its pad.
    u.speak(at, 600, 0.001);
    return u;
  }

  it('ends a turn the relay heard words of, however short', () => {
    const u = shortWord('yes');
    expect(u.sent.filter((s) => s.startsWith('end:1'))).toHaveLength(1);
    expect(u.sent).not.toContain('cancel:1');
    expect(u.turns.machine.phase).toBe('thinking');
  });

  it('drops a short sound with no words, as before', () => {
    const u = shortWord(null);
    expect(u.sent).toContain('cancel:1');
    expect(u.sent.filter((s) => s.startsWith('end'))).toEqual([]);
    expect(u.turns.machine.phase).toBe('listening');
  });
});

import { describe, expect, it } from 'vitest';
import type { PcmChunk } from './chunker.ts';
import { UtteranceGate, type GateAction } from './utterance-gate.ts';

const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * 1600,
  samples: new Int16Array(1600),
});

/** Compact form of actions for readable expectations. */
const brief = (actions: GateAction[]) =>
  actions.map((a) =>
    a.type === 'audio'
      ? `audio ${a.chunk.seq}`
      : a.type === 'start'
        ? `start ${a.turnId}@${a.firstSeq}`
        : a.type === 'end'
          ? `end ${a.turnId}@${a.lastSeq}`
          : `cancel ${a.turnId}`,
  );

/** An utterance begun at sample 0 whose first `n` chunks were sent. */
function speakingWithChunksSent(n: number): UtteranceGate {
  const g = new UtteranceGate({ preSpeechPadMs: 0 });
  g.speechStart(0);
  for (let s = 0; s < n; s++) g.chunk(chunk(s));
  return g;
}

describe('UtteranceGate', () => {
  it('sends nothing while silent, then pads before the speech start', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 300 });
    const out: GateAction[] = [];
    for (let s = 0; s < 10; s++) out.push(...g.chunk(chunk(s)));
    expect(out).toEqual([]);
    // Speech detected at sample 15,000 (in chunk 9): 300 ms = 4,800 samples earlier is chunk 6.
    expect(brief(g.speechStart(15_000))).toEqual([
      'start 1@6',
      'audio 6',
      'audio 7',
      'audio 8',
      'audio 9',
    ]);
    expect(brief(g.chunk(chunk(10)))).toEqual(['audio 10']);
  });

  it("starts at the stream's first seq when speech begins before its first chunk is whole (issue 63)", () => {
    // A stream that goes on from earlier utterances on the same connection: its chunks are
    // numbered from 14, and speech is heard before chunk 14 is complete.
    const g = new UtteranceGate({ preSpeechPadMs: 300, firstSeq: 14 });
    const from14 = (n: number): PcmChunk => ({ ...chunk(n - 14), seq: n });
    expect(brief(g.speechStart(800))).toEqual(['start 1@14']);
    expect(brief(g.chunk(from14(14)))).toEqual(['audio 14']);
    expect(brief(g.chunk(from14(15)))).toEqual(['audio 15']);
  });

  it('ends right away when the chunk holding the end was already sent', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0 });
    g.chunk(chunk(0));
    g.speechStart(100);
    g.chunk(chunk(1));
    expect(brief(g.speechEnd(3_100))).toEqual(['end 1@1']);
    expect(g.activeTurnId).toBeNull();
    expect(g.chunk(chunk(2))).toEqual([]);
  });

  it('waits for the chunk that holds the end when the VAD is ahead of the chunker', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0 });
    g.chunk(chunk(0));
    g.speechStart(0);
    expect(g.speechEnd(2_000)).toEqual([]);
    expect(brief(g.chunk(chunk(1)))).toEqual(['audio 1', 'end 1@1']);
  });

  it('ends at a decision once the chunks sent hold 100 ms of the silence, not at the chunk holding its 200th ms', () => {
    const g = speakingWithChunksSent(3);
    // Speech ended at 3,000 (187 ms), decided 250 ms later (7,000): chunks 0-2 reach 4,800,
    // 112 ms after it; 200 ms would be in chunk 3, still filling.
    expect(brief(g.speechEnded(3_000, 7_000))).toEqual(['end 1@2']);
  });

  it('waits for the chunk holding 100 ms of the silence where the chunks sent hold less', () => {
    const g = speakingWithChunksSent(3);
    expect(g.speechEnded(4_000, 8_000)).toEqual([]);
    expect(brief(g.chunk(chunk(3)))).toEqual(['audio 3', 'end 1@3']);
  });

  it('ends where it was decided when that came sooner than the silence (the microphone stopped)', () => {
    const g = speakingWithChunksSent(3);
    expect(brief(g.speechEnded(4_500, 4_700))).toEqual(['end 1@2']);
  });

  it('cancels a misfire once the stream is a pad past it, and numbers the next utterance anew', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 100 });
    g.chunk(chunk(0));
    expect(brief(g.speechStart(800))).toEqual(['start 1@0', 'audio 0']);
    expect(g.misfire()).toEqual([]);
    expect(g.activeTurnId).toBeNull();
    // Chunk 1 starts where the sent audio ends: a speech start could still reach back to it.
    expect(g.chunk(chunk(1))).toEqual([]);
    expect(brief(g.chunk(chunk(2)))).toEqual(['cancel 1']);
    g.chunk(chunk(3));
    expect(brief(g.speechStart(5_000))).toEqual(['start 2@2', 'audio 2', 'audio 3']);
  });

  it('goes on with the same utterance, without a hole, when speech starts again after a misfire', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 400 });
    for (let s = 0; s < 5; s++) g.chunk(chunk(s));
    expect(brief(g.speechStart(8_000))).toEqual([
      'start 1@1',
      'audio 1',
      'audio 2',
      'audio 3',
      'audio 4',
    ]);
    expect(g.misfire()).toEqual([]);
    expect(g.chunk(chunk(5))).toEqual([]);
    expect(g.chunk(chunk(6))).toEqual([]);
    // 400 ms before this start falls in what was sent: the speech was real after all.
    expect(brief(g.speechStart(11_000))).toEqual(['audio 5', 'audio 6']);
    expect(g.activeTurnId).toBe(1);
    expect(brief(g.chunk(chunk(7)))).toEqual(['audio 7']);
    expect(brief(g.speechEnd(12_000))).toEqual(['end 1@7']);
  });

  it('never sends a chunk twice, even when a late speech start reaches back past a cancel', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 400 });
    for (let s = 0; s < 3; s++) g.chunk(chunk(s));
    expect(brief(g.speechStart(4_000))).toEqual(['start 1@0', 'audio 0', 'audio 1', 'audio 2']);
    g.misfire();
    expect(brief(g.speechStart(13_000))).toEqual(['cancel 1', 'start 2@3']);
    expect(brief(g.chunk(chunk(3)))).toEqual(['audio 3']);
    g.misfire();
    for (let s = 4; s < 8; s++) expect(g.chunk(chunk(s))).toEqual([]);
    expect(brief(g.chunk(chunk(8)))).toEqual(['cancel 2']);
    // The VAD was slow: its start falls before chunk 4, a pad back reaches chunk 3 (sent).
    expect(brief(g.speechStart(6_500))).toEqual([
      'start 3@4',
      'audio 4',
      'audio 5',
      'audio 6',
      'audio 7',
      'audio 8',
    ]);
  });

  it('drops an utterance at once, misfired or not', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0 });
    g.chunk(chunk(0));
    g.speechStart(0);
    expect(brief(g.drop())).toEqual(['cancel 1']);
    expect(g.drop()).toEqual([]);
    g.chunk(chunk(1));
    g.speechStart(1_600);
    g.misfire();
    expect(brief(g.forceEnd())).toEqual(['cancel 2']);
    g.chunk(chunk(2));
    g.speechStart(3_200);
    g.misfire();
    expect(brief(g.typed().actions)).toEqual(['cancel 3']);
  });

  it('gives a typed message the next turn id, dropping the utterance it replaces', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0 });
    expect(g.typed()).toEqual({ turnId: 1, actions: [] });
    g.chunk(chunk(0));
    g.speechStart(0);
    const typed = g.typed();
    expect(typed.turnId).toBe(3);
    expect(brief(typed.actions)).toEqual(['cancel 2']);
    expect(g.activeTurnId).toBeNull();
    g.chunk(chunk(1));
    expect(brief(g.speechStart(1_600))).toEqual(['start 4@1', 'audio 1']);
  });

  it('numbers the next turn after one the relay took (its own spoken turn), never back', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0, firstTurnId: 3 });
    g.skipPast(4);
    g.chunk(chunk(0));
    expect(brief(g.speechStart(0))).toEqual(['start 5@0', 'audio 0']);
    g.skipPast(2);
    expect(g.typed().turnId).toBe(6);
  });

  it('begins an utterance on demand at the next chunk, without a pad, and ends it on demand', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 400 });
    for (let s = 0; s < 5; s++) g.chunk(chunk(s));
    // Pressed at the chunk boundary after chunk 4: nothing from before the press is sent.
    expect(brief(g.begin(8_000))).toEqual(['start 1@5']);
    expect(brief(g.chunk(chunk(5)))).toEqual(['audio 5']);
    expect(brief(g.chunk(chunk(6)))).toEqual(['audio 6']);
    expect(brief(g.forceEnd())).toEqual(['end 1@6']);
    // Pressed inside chunk 8 (already captured): that chunk is the first one sent.
    g.chunk(chunk(7));
    g.chunk(chunk(8));
    expect(brief(g.begin(8 * 1600 + 100))).toEqual(['start 2@8', 'audio 8']);
    // A second press drops the first (a tap released as nothing).
    expect(brief(g.begin(9 * 1600))).toEqual(['cancel 2', 'start 3@9']);
  });

  it('ignores a second speech start during an utterance and a stray end', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 0 });
    expect(g.speechEnd(10)).toEqual([]);
    g.chunk(chunk(0));
    g.speechStart(0);
    expect(g.speechStart(500)).toEqual([]);
    expect(brief(g.forceEnd())).toEqual(['end 1@0']);
    expect(g.forceEnd()).toEqual([]);
  });
});

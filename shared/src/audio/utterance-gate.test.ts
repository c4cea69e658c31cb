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

  it('cancels on a misfire and numbers the next utterance anew', () => {
    const g = new UtteranceGate({ preSpeechPadMs: 100 });
    g.chunk(chunk(0));
    g.speechStart(800);
    expect(brief(g.misfire())).toEqual(['cancel 1']);
    g.chunk(chunk(1));
    expect(brief(g.speechStart(2_000))).toEqual(['start 2@0', 'audio 0', 'audio 1']);
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

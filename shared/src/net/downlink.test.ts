import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../protocol/messages.ts';
import { Downlink } from './downlink.ts';

describe('the downlink', () => {
  it('counts a turn’s tool messages in its output: handled once, confirmed with the rest', () => {
    const d = new Downlink();
    const call: ServerMessage = {
      type: 'tool.call',
      seq: 3,
      turnId: 1,
      callId: 'c1',
      name: 'get-sum',
      arguments: '{}',
      startedAtMs: 1,
    };
    const progress: ServerMessage = {
      type: 'tool.progress',
      seq: 4,
      turnId: 1,
      names: ['get-sum'],
      progress: 'earcon',
      atMs: 2,
    };
    expect(d.message(call)).toEqual(call);
    expect(d.message(progress)).toEqual(progress);
    expect(d.lastSeq).toBe(4);
    // Replayed after a resume: the call is not shown twice, the earcon not started again.
    expect(d.message(call)).toBeNull();
    expect(d.message(progress)).toBeNull();
  });
});

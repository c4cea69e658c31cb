import { describe, expect, it } from 'vitest';
import type { CallState } from './call-state.ts';
import { CallPhase } from './call-phase.ts';

describe('CallPhase', () => {
  it('shows every phase it is set to, and tells its followers of changes only, after showing', () => {
    const heard: string[] = [];
    const phase = new CallPhase((p) => heard.push(`shown ${p}`));
    const stop = phase.follow((p: CallState) => heard.push(`followed ${p}`));
    phase.set('starting');
    phase.set('listening');
    phase.set('listening');
    stop();
    phase.set('idle');
    expect(heard).toEqual([
      'shown starting',
      'followed starting',
      'shown listening',
      'followed listening',
      'shown listening',
      'shown idle',
    ]);
    expect(phase.current).toBe('idle');
  });
});

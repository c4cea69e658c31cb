import { describe, expect, it } from 'vitest';
import { endOfTurnSet, resultSuffix, wholeText } from './utterances.ts';

describe('the end-of-turn sets', () => {
  it('keeps the held-out sentences apart from the ones the policy is tuned on', () => {
    const tuned = new Set(endOfTurnSet('all').map(wholeText));
    const heldOut = endOfTurnSet('held-out');
    expect(heldOut.filter((u) => tuned.has(wholeText(u))).map(wholeText)).toEqual([]);
  });

  it('holds 30 complete and 40 paused held-out sentences, each said by a speaker', () => {
    const heldOut = endOfTurnSet('held-out');
    expect(heldOut.filter((u) => u.kind === 'complete')).toHaveLength(30);
    expect(heldOut.filter((u) => u.kind === 'paused')).toHaveLength(40);
    expect(heldOut.every((u) => u.speaker !== undefined)).toBe(true);
    expect(new Set(heldOut.map(wholeText)).size).toBe(70);
  });

  it('names a part’s results apart from the whole set’s', () => {
    expect(resultSuffix('all')).toBe('');
    expect(resultSuffix('held-out')).toBe('-held-out');
  });
});

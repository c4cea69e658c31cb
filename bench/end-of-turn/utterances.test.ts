import { describe, expect, it } from 'vitest';
import { endOfTurnSet, resultSuffix, speakerName, wholeText } from './utterances.ts';

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
    expect(resultSuffix('human')).toBe('-human');
  });

  it('holds the human recordings’ 11 finished sentences, each said by its recording', () => {
    // pocketsphinx-testdata: scripts/setup-system.sh --for-tests installs it.
    const human = endOfTurnSet('human');
    expect(human).toHaveLength(11);
    expect(human.every((u) => u.kind === 'complete' && u.recorded !== undefined)).toBe(true);
    expect(human.map(speakerName)).toContain('human goforward');
    expect(human.map(wholeText)).toContain('go forward ten meters');
  });
});

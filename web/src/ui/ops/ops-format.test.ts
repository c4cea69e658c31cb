import { describe, expect, it } from 'vitest';
import { formatShare, targetVerdict } from './ops-format.ts';

describe('the ops dashboard figures', () => {
  it('show shares as whole percentages', () => {
    expect(formatShare(0.934)).toBe('93 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(null)).toBe('–');
    expect(formatShare(Number.NaN)).toBe('–');
  });

  it('say whether a target was met, missed, or had no turns to judge', () => {
    expect(targetVerdict({ met: true })).toBe('met');
    expect(targetVerdict({ met: false })).toBe('missed');
    expect(targetVerdict({ met: null })).toBe('no turns');
  });
});

import { describe, expect, it } from 'vitest';
import { heardText, type SpokenSegment } from './heard-text.ts';

/** A reply as the relay spoke it: sentences and their audio lengths (samples). */
function reply(...parts: [string, number][]) {
  const segments: SpokenSegment[] = [];
  let at = 0;
  for (const [text, samples] of parts) {
    segments.push({ text, startSample: at });
    at += samples;
  }
  return { segments, total: at, heard: (played: number) => heardText(segments, at, played) };
}

describe('heardText', () => {
  const r = reply(
    ['It is two o’clock.', 10_000],
    ['The weather is fine today.', 20_000],
    ['Anything else?', 8_000],
  );

  it('keeps nothing when nothing was played', () => {
    expect(r.heard(0)).toBe('');
  });

  it('keeps whole sentences played to their end', () => {
    expect(r.heard(10_000)).toBe('It is two o’clock.');
    expect(r.heard(r.total)).toBe('It is two o’clock. The weather is fine today. Anything else?');
    expect(r.heard(r.total + 500)).toBe(
      'It is two o’clock. The weather is fine today. Anything else?',
    );
  });

  it('keeps only the words of the current sentence heard to their end', () => {
    // Half of "The weather is fine today." = 13 of 27 characters: "The weather" (12) is heard.
    expect(r.heard(10_000 + 10_000)).toBe('It is two o’clock. The weather');
    expect(r.heard(10_000 + 1_000)).toBe('It is two o’clock.');
  });

  it('never claims the word being spoken', () => {
    // 16 of 27 characters: "The weather is" ends at 15 → heard; "fine" ends at 20 → not yet.
    expect(r.heard(10_000 + Math.round((16 / 27) * 20_000))).toBe(
      'It is two o’clock. The weather is',
    );
  });

  it('handles a reply with no segments', () => {
    expect(heardText([], 0, 1000)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { expectedTranscript } from './candidates.ts';
import { heard, misheard, suggestable, summarise, table } from './report.ts';

describe('phrase report', () => {
  it('counts exact transcripts per voice and keeps what was heard instead', () => {
    const rows = summarise(
      [
        { phrase: 'What time is it?', voice: 'slt', heard: 'what time is it' },
        { phrase: 'What time is it?', voice: 'awb', heard: 'what time is it and' },
        { phrase: 'What time is it?', voice: 'awb', heard: 'what time is it' },
        { phrase: 'hello', voice: 'slt', heard: '' },
      ],
      ['slt', 'awb'],
    );
    expect(rows[0]).toMatchObject({
      byVoice: { slt: [1, 1], awb: [1, 2] },
      exact: 2,
      runs: 3,
      misheard: { 'awb: what time is it and': 1 },
    });
    expect(rows[1]).toMatchObject({ byVoice: { slt: [0, 1], awb: [0, 0] }, rate: 0 });
    expect(table(rows, ['slt', 'awb'])).toContain('| What time is it? | 1/1 | 1/2 | 67 % | no |');
    expect(misheard(rows)).toContain('- "hello": slt: (nothing)');
  });

  it('counts the words, whatever their case and punctuation (Moonshine writes sentences)', () => {
    const [row] = summarise(
      [
        { phrase: 'good morning', voice: 'slt', heard: 'Good morning.' },
        { phrase: 'good morning', voice: 'slt', heard: 'The morning.' },
        { phrase: 'good morning', voice: 'slt', heard: 'good morning' },
      ],
      ['slt'],
    );
    expect(row).toMatchObject({ exact: 2, runs: 3, misheard: { 'slt: The morning.': 1 } });
  });

  it('expects the words as the recogniser prints them', () => {
    expect(expectedTranscript("What's the time, please?")).toBe("what's the time please");
  });

  it('suggests a phrase heard in 95 % of runs, five runs or more in every voice', () => {
    const runs = (voice: string, exact: number, misses: number) => [
      ...Array.from({ length: exact }, () => ({ phrase: 'hello', voice, heard: 'hello' })),
      ...Array.from({ length: misses }, () => ({ phrase: 'hello', voice, heard: 'hope' })),
    ];
    const [row] = summarise([...runs('slt', 5, 0), ...runs('awb', 4, 1)], ['slt', 'awb']);
    expect(heard(row, ['slt', 'awb'])).toEqual({ share: 0.9, fewestRuns: 5 });
    expect(suggestable(row, ['slt', 'awb'])).toBe(false);
    const [good] = summarise([...runs('slt', 10, 0), ...runs('awb', 9, 1)], ['slt', 'awb']);
    expect(suggestable(good, ['slt', 'awb'])).toBe(true);
    // Three runs a voice are too few however well they went; a voice not run counts as none.
    const [few] = summarise([...runs('slt', 3, 0), ...runs('awb', 3, 0)], ['slt', 'awb']);
    expect(suggestable(few, ['slt', 'awb'])).toBe(false);
    expect(heard(few, ['slt', 'awb', 'rms'])).toEqual({ share: 1, fewestRuns: 0 });
  });
});

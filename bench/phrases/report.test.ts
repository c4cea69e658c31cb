import { describe, expect, it } from 'vitest';
import { expectedTranscript } from './candidates.ts';
import { misheard, summarise, table } from './report.ts';

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

  it('expects the words as the recogniser prints them', () => {
    expect(expectedTranscript("What's the time, please?")).toBe("what's the time please");
  });
});

import { describe, expect, it } from 'vitest';
import { firstClauseEnd } from './first-clause.ts';

const rule = { minWords: 4 };
/** The clause `text` would start with, or null. */
const clause = (text: string) => {
  const end = firstClauseEnd(text, rule);
  return end === -1 ? null : text.slice(0, end).trim();
};

describe('firstClauseEnd', () => {
  it('ends a clause of four words or more at a comma, semicolon, colon or dash', () => {
    expect(clause('That is a good question, and')).toBe('That is a good question,');
    expect(clause('Here is the short answer; it')).toBe('Here is the short answer;');
    expect(clause('There are three of them: one')).toBe('There are three of them:');
    expect(clause('It was a long day — and')).toBe('It was a long day —');
    expect(clause('It was a long day– and')).toBe('It was a long day–');
    expect(clause('It was a long day - and')).toBe('It was a long day -');
  });

  it('waits for the character after the mark', () => {
    expect(clause('That is a good question,')).toBeNull();
    expect(clause('That is a good question,"')).toBeNull();
    expect(clause('"That is a good question," she')).toBe('"That is a good question,"');
  });

  it('never cuts a number, a time or a hyphenated word', () => {
    expect(clause('It costs about 1,234 dollars')).toBeNull();
    expect(clause('We meet at the usual 10:30 slot')).toBeNull();
    expect(clause('It is a very well-known fact')).toBeNull();
  });

  it('leaves a clause of fewer words to its sentence, and takes the next one long enough', () => {
    expect(clause('Yes, I think')).toBeNull();
    expect(clause('Well, so, I think that, in')).toBe('Well, so, I think that,');
  });

  it('does not end a clause at the comma after an abbreviation', () => {
    expect(clause('Some fruit like apples e.g., pears')).toBeNull();
    expect(clause('Some fruit like apples i.e., the')).toBeNull();
  });
});

import { toCardinal } from 'n2words/nl-NL';
import { describe, expect, it } from 'vitest';
import { dutchNumberWord, readDutchNumber } from './dutch-numbers.ts';

/** `said`'s number, read from its first word on: its value and how many words it took. */
function read(said: string): { value: number; words: number } | null {
  const tokens = said.toLowerCase().split(' ');
  const n = readDutchNumber(tokens, 0);
  return n && { value: n.value, words: n.next };
}

describe('Dutch number words', () => {
  it.each([
    ['nul', 0],
    ['een', 1],
    ['één', 1],
    ['twaalf', 12],
    ['achttien', 18],
    ['tachtig', 80],
    ['eenentwintig', 21],
    ['drieëntwintig', 23],
    ['drieentwintig', 23],
    ['tweeëntwintig', 22],
    ['vierentachtig', 84],
    ['negenennegentig', 99],
    ['honderd', 100],
    ['honderdeen', 101],
    ['honderdvijfentwintig', 125],
    ['tweehonderd', 200],
    ['elfhonderd', 1_100],
    ['duizend', 1_000],
    ['tweeduizend', 2_000],
    ['honderdduizend', 100_000],
    ['driehonderdvijftigduizend', 350_000],
    ['miljoen', 1_000_000],
  ])('%s = %i', (word, value) => {
    expect(dutchNumberWord(word)).toBe(value);
  });

  it('are no number when they only look like one', () => {
    for (const word of [
      '',
      'en',
      'vijfvijf',
      'twintigeen',
      'eentien',
      'honderdhonderd',
      'duizendduizend',
      'tweeëntien',
      'zesenzeven',
      'vandaag',
      'achtste',
      'keer',
    ])
      expect(dutchNumberWord(word), word).toBeNull();
  });

  it.each([
    ['twaalfhonderd vierendertig', 1_234, 2],
    ['duizend tweehonderdvierendertig', 1_234, 2],
    ['duizend één', 1_001, 2],
    ['honderd vijf', 105, 2],
    ['honderd en vijf', 105, 3],
    ['vijf en twintig', 25, 3],
    ['twee miljoen vijfhonderdduizend', 2_500_000, 3],
    ['een miljoen', 1_000_000, 2],
    ['drie komma vijf', 3.5, 3],
    ['twee komma vijfentwintig', 2.25, 3],
    ['nul komma nul vijf', 0.05, 4],
    ['negatief zes', -6, 2],
    ['12', 12, 1],
    ['3.5', 3.5, 1],
  ])('read over words: %s = %d (%i words)', (said, value, words) => {
    expect(read(said)).toEqual({ value, words });
  });

  it('stop where the number does: at an operator, another number or another word', () => {
    expect(read('twaalf keer zeven')).toEqual({ value: 12, words: 1 });
    expect(read('vijf vijf')).toEqual({ value: 5, words: 1 });
    expect(read('nul nul')).toEqual({ value: 0, words: 1 });
    expect(read('tien minuten')).toEqual({ value: 10, words: 1 });
    expect(read('drie komma')).toEqual({ value: 3, words: 1 });
    expect(read('keer zeven')).toBeNull();
  });

  // Every number as n2words writes it in Dutch (its nl-NL cardinals, spaces and all), read back.
  it('read back every number n2words writes, up to a million and beyond', () => {
    const wrong: string[] = [];
    const check = (n: number) => {
      const said = toCardinal(n);
      const got = read(said);
      if (got?.value !== n || got.words !== said.split(' ').length) wrong.push(`${n}: ${said}`);
    };
    for (let n = 0; n <= 12_000; n++) check(n);
    for (let n = 12_000; n < 1_000_000; n += 997) check(n);
    for (const n of [999_999, 1_000_000, 1_000_001, 2_500_000, 123_456_789, 2_000_000_000])
      check(n);
    expect(wrong).toEqual([]);
  });
});

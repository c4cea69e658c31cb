import { describe, expect, it } from 'vitest';
import { dutchYourWords, verbLast } from './dutch-clauses.ts';

describe('what a Dutch speaker said of themselves, said back', () => {
  it.each([
    ['Mijn zus Anna heet', 'Je zus Anna heet'],
    ['mijn zus heet Anna', 'je zus heet Anna'],
    ["m'n auto op niveau 3 staat", 'je auto op niveau 3 staat'],
    ['Ik ben allergisch voor pinda’s', 'Je bent allergisch voor pinda’s'],
    ['ik allergisch voor pinda’s ben', 'je allergisch voor pinda’s bent'],
    ['ik in Utrecht woon', 'je in Utrecht woont'],
    ['ik heb een hond', 'je hebt een hond'],
    ['bel mij terug', 'bel jou terug'],
    ['herinner me aan de was', 'herinner je aan de was'],
    ['de sleutel ligt onder de mat', 'de sleutel ligt onder de mat'],
  ])('%s → %s', (said, back) => {
    expect(dutchYourWords(said)).toBe(back);
  });

  it('leaves verbs alone where no "ik" takes them', () => {
    expect(dutchYourWords('mijn zus woon in de kom')).toBe('je zus woon in de kom');
    expect(dutchYourWords('Ikea is open')).toBe('Ikea is open');
  });
});

describe('a fact in the order of a "dat" clause', () => {
  it.each([
    ['je zus heet Anna', 'je zus Anna heet'],
    ['de sleutel ligt onder de mat', 'de sleutel onder de mat ligt'],
    ['je bent allergisch voor pinda’s', 'je allergisch voor pinda’s bent'],
    ['je auto staat op niveau 3', 'je auto op niveau 3 staat'],
    ['morgen heeft je zus vrij', 'morgen je zus vrij heeft'],
    ['je was ligt in de machine', 'je was in de machine ligt'],
    ['je broer studeert in Utrecht', 'je broer in Utrecht studeert'],
    // A name is no infinitive, though it ends as one.
    ['je zus heet Karen', 'je zus Karen heet'],
  ])('%s → %s', (main, sub) => {
    expect(verbLast(main)).toBe(sub);
  });

  it.each([
    'je zus Anna heet',
    'je zus op 3 mei jarig is',
    'je morgen moet werken',
    'je de auto op niveau 3 hebt geparkeerd',
    'de was',
    'een kan met water',
  ])('leaves %j as it is', (clause) => {
    expect(verbLast(clause)).toBe(clause);
  });
});

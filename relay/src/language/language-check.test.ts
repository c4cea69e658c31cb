import { describe, expect, it } from 'vitest';
import { languageDrift, mayBeIn } from './language-check.ts';

describe('a reply that drifts out of the conversation’s language', () => {
  it('is caught in a Dutch conversation, with what was expected and what was heard', () => {
    expect(languageDrift('Sure, I have set a reminder for ten minutes from now.', 'nl-NL')).toEqual(
      { expected: 'nl', detected: 'en' },
    );
  });

  it('is not a Dutch reply, nor one too short to judge', () => {
    expect(languageDrift('Ik heb een herinnering gezet voor over tien minuten.', 'nl')).toBeNull();
    expect(languageDrift('Je hebt om drie uur een meeting met het team.', 'nl')).toBeNull();
    expect(languageDrift('Oké, doe ik.', 'nl')).toBeNull();
    expect(languageDrift('The weather is fine today, thanks.', 'en')).toBeNull();
  });
});

describe('whether a tool’s title is in the conversation’s language', () => {
  it('tells a Dutch title from an English one', () => {
    expect(mayBeIn('Je abonnement opzeggen', 'nl')).toBe(true);
    expect(mayBeIn('Close the account', 'nl')).toBe(false);
    expect(mayBeIn('Close the account', 'en')).toBe(true);
    // Too short to tell: taken to be in the conversation's language.
    expect(mayBeIn('Cancel subscription', 'en')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { helloMessage } from '../protocol/messages.ts';
import { wireLanguageTag } from './language-tag.ts';

describe('wireLanguageTag', () => {
  it("takes a page's language in the forms pages write it", () => {
    expect(wireLanguageTag('nl')).toBe('nl');
    expect(wireLanguageTag('nl-BE')).toBe('nl-BE');
    expect(wireLanguageTag(' EN-us ')).toBe('en-US');
    expect(wireLanguageTag('pt_BR')).toBe('pt-BR');
    expect(wireLanguageTag('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  it('gives none for what is no language tag', () => {
    for (const text of [
      '',
      '  ',
      'Nederlands',
      'nl--BE',
      '12',
      'x-private',
      'en-' + 'a'.repeat(40),
    ])
      expect(wireLanguageTag(text)).toBeNull();
  });

  it('gives only what a hello takes', () => {
    const hello = { type: 'hello', protocol: 1, ticket: 't'.repeat(16) };
    for (const text of ['nl_be', 'EN', 'de-CH-1996', 'sr-Latn-RS'])
      expect(helloMessage.safeParse({ ...hello, language: wireLanguageTag(text) }).success).toBe(
        true,
      );
  });
});

import { describe, expect, it } from 'vitest';
import { SITE_NOT_ALLOWED_MESSAGE } from '@parley/shared';
import { WIDGET_LOCALES } from './attributes.ts';
import { WORDING, type Wording } from './wording.ts';

/** Every line of a table, by its path (`status.idle`). */
function lines(w: Wording): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o))
      if (typeof v === 'string') out.set(prefix + k, v);
      else walk(v as object, `${prefix}${k}.`);
  };
  walk(w, '');
  return out;
}

describe('the widget’s words', () => {
  it('has a table per language it offers, every line written', () => {
    const english = lines(WORDING.en);
    for (const locale of WIDGET_LOCALES) {
      const table = lines(WORDING[locale]);
      expect([...table.keys()], locale).toEqual([...english.keys()]);
      for (const [key, text] of table) expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('says the relay’s refusal in the relay’s own English words', () => {
    expect(WORDING.en.problem.notAllowed).toBe(SITE_NOT_ALLOWED_MESSAGE);
  });

  it('is Dutch in the Dutch table (no line left in English)', () => {
    const english = lines(WORDING.en);
    for (const [key, text] of lines(WORDING.nl)) expect(text, key).not.toBe(english.get(key));
  });
});

import { describe, expect, it } from 'vitest';
import {
  isLiteralElement,
  isPluralElement,
  isPoundElement,
  isSelectElement,
  isTagElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import en from './en.json';
import nl from './nl.json';

// Issue 62, item 1: every string the page shows exists in every language, with the same
// placeholders; a message in one language only is a failure here, not an English line on a
// Dutch page.

const CATALOGUES: Record<string, Record<string, string>> = { en, nl };

/**
 * Messages that are the same words in Dutch and English: names, symbols and loanwords Dutch
 * uses as they are. Any other Dutch message equal to its English one was not translated.
 */
const SAME_IN_DUTCH = new Set<string>([
  // Names.
  'app.name',
  'speaker.assistant',
  // Dutch uses these words as English does.
  'connection.offline',
  'update.later',
  'entry.model',
  // Punctuation around placeholders only.
  'speaker.label',
  'settingsError.why',
  'saved.stage',
  'mcp.state.said',
  'mcp.state.line',
  'tools.when',
  'tools.dayAt',
  'tools.removeLabel',
  'history.line',
  'tool.other.answered',
  'answer.both',
  // Units and technical terms Dutch writes as English does.
  'tool.details',
  'audio.kbit',
  'audio.khz',
  'debug.rtt',
  'debug.jitter',
  'duration.s',
  'duration.minS',
  'timing.stats',
  'size.mb',
  'size.gb',
  'share',
  'ops.cpu',
  'ops.minutes',
  'ops.chart.cpu',
  'ops.chart.rss',
  'ops.col.status',
  'ops.col.pool',
  'alerts.s',
  'alerts.min',
  'log.heading',
  'log.live',
  'log.liveNote',
]);

/** The names a message's placeholders and tags use, sorted (`{count}`, `<b>…</b>`). */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()) {
  for (const el of elements) {
    if (isLiteralElement(el) || isPoundElement(el)) continue;
    if (isTagElement(el)) {
      into.add(`<${el.value}>`);
      argumentsOf(el.children, into);
      continue;
    }
    into.add(el.value);
    if (isPluralElement(el) || isSelectElement(el))
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

const names = (message: string) => [...argumentsOf(parse(message))].sort();

describe('the message catalogues', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(en).sort();
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      const own = new Set(Object.keys(catalogue));
      expect(
        keys.filter((k) => !own.has(k)),
        `keys missing in ${language}`,
      ).toEqual([]);
      expect(
        [...own].filter((k) => !(k in en)),
        `keys in ${language} only`,
      ).toEqual([]);
    }
  });

  it('parse as ICU messages, with the same placeholders in every language', () => {
    for (const [key, english] of Object.entries(en)) {
      const wanted = names(english);
      for (const [language, catalogue] of Object.entries(CATALOGUES)) {
        const message = catalogue[key];
        if (message === undefined) continue;
        expect(message.trim(), `${language} ${key} is empty`).not.toBe('');
        expect(names(message), `${language} ${key}: its placeholders`).toEqual(wanted);
      }
    }
  });

  it('say every Dutch message in Dutch (the same as English only where Dutch says so too)', () => {
    const copied = Object.entries(nl)
      .filter(([key, message]) => en[key as keyof typeof en] === message)
      .map(([key]) => key)
      .filter((key) => !SAME_IN_DUTCH.has(key));
    expect(copied).toEqual([]);
  });
});

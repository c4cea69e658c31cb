import { describe, expect, it } from 'vitest';
import {
  durationText as durationTextIn,
  everyArgument,
  shortArguments,
  statusText as statusTextIn,
  technicalLine as technicalLineIn,
} from './tool-call-text.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');
const durationText = durationTextIn.bind(null, en);
const statusText = statusTextIn.bind(null, en);
const technicalLine = technicalLineIn.bind(null, en);

describe('a tool call in words', () => {
  it('shows a JSON object of arguments as key: value pairs, other text as written, cut short', () => {
    expect(shortArguments('{"a":1234,"b":5678}')).toBe('a: 1234, b: 5678');
    expect(shortArguments('{"text":"my sister is Anna"}')).toBe('text: "my sister is Anna"');
    expect(shortArguments('{}')).toBe('');
    expect(shortArguments('{"a":')).toBe('{"a":');
    expect(shortArguments(JSON.stringify({ text: 'x'.repeat(200) }))).toMatch(/^text: "x+…$/);
    expect(shortArguments(JSON.stringify({ text: 'x'.repeat(200) }))).toHaveLength(81);
  });

  it('says how long it took, and how it ended', () => {
    expect(durationText(1_000, 1_180)).toBe('180 ms');
    expect(durationText(1_000, 3_420)).toBe('2.4 sec');
    expect(durationText(1_000, undefined)).toBeNull();
    expect(statusText('unknown-tool')).toBe('not run: no such tool');
    expect(statusText('running')).toBe('running…');
  });

  it('keeps the technical line whole for the latency panel and the tooltip', () => {
    expect(
      technicalLine({
        name: 'set_reminder',
        arguments: '{"text":"stretch","delaySeconds":60}',
        status: 'done',
        summary: 'Reminder set for 2:32 PM: stretch',
        startedAtMs: 1_000,
        endedAtMs: 1_006,
      }),
    ).toBe(
      'set_reminder (text: "stretch", delaySeconds: 60): done — Reminder set for 2:32 PM: stretch · 6 ms',
    );
  });

  it('gives every argument whole for a question awaiting a yes (issue 60: the recipient too)', () => {
    const to = `NL91ABNA0417164300${'0'.repeat(100)}`;
    expect(
      everyArgument(JSON.stringify({ memo: 'rent', amount: 1200, currency: 'EUR', to })),
    ).toEqual([
      ['memo', 'rent'],
      ['amount', '1200'],
      ['currency', 'EUR'],
      ['to', to],
    ]);
    expect(everyArgument('not json')).toEqual([['arguments', 'not json']]);
    expect(everyArgument('{}')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { durationText, shortArguments, statusText } from './tool-call-text.ts';

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
    expect(durationText(1_000, 3_420)).toBe('2.4 s');
    expect(durationText(1_000, undefined)).toBeNull();
    expect(statusText('unknown-tool')).toBe('not run: no such tool');
    expect(statusText('running')).toBe('running…');
  });
});

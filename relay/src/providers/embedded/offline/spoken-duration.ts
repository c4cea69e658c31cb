import { readNumber, tokenize } from './arithmetic.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  second: 1,
  seconds: 1,
  sec: 1,
  secs: 1,
  minute: 60,
  minutes: 60,
  min: 60,
  mins: 60,
  hour: 3_600,
  hours: 3_600,
  day: 86_400,
  days: 86_400,
};

/**
 * A spoken duration in seconds: "ten minutes", "1 hour and 30 minutes", "an hour", "half an
 * hour", "an hour and a half", "90 seconds"; null unless the words are a duration and only that.
 * Pure.
 */
export function spokenDuration(text: string): number | null {
  const tokens = tokenize(text);
  let total = 0;
  let lastUnit = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if ((t === 'a' || t === 'an') && next === 'half' && lastUnit > 0 && i + 2 === tokens.length) {
      // "an hour and a half": half of the unit before.
      total += lastUnit / 2;
      i += 2;
      continue;
    }
    let count: number;
    if (t === 'half' && (next === 'a' || next === 'an')) {
      count = 0.5;
      i += 2;
    } else if (t === 'a' || t === 'an') {
      count = 1;
      i += 1;
    } else {
      const n = readNumber(tokens, i);
      if (!n) return null;
      count = n.value;
      i = n.next;
    }
    const unit = UNIT_SECONDS[tokens[i] ?? ''];
    if (unit === undefined) return null;
    total += count * unit;
    lastUnit = unit;
    i += 1;
  }
  return total > 0 ? Math.round(total) : null;
}

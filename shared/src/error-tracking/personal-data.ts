/**
 * Personal data taken out of text before it leaves for error tracking: what a user may type in a
 * message that an error then quotes — a payment card number, an e-mail address, a phone number.
 * Pure and linear in the text's length (every pattern starts only where a run of its characters
 * starts); see `scrub-text.ts`, which applies it with the secrets.
 */

/** What stands in for what was taken out, a secret or personal data. */
export const REDACTED = '[redacted]';

/**
 * A run of digits in groups split by one space or dash (`4111 1111-1111 1111`), not inside a
 * word: where a card number may be.
 */
const DIGIT_RUN = /(?<![0-9A-Za-z])\d+(?:[ -]\d+)*(?![0-9A-Za-z])/g;

/** An e-mail address: a local part, `@`, a domain with a dot and a top-level name. */
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** An international number: `+`, then digits in groups (`+44 20 7946 0958`, `+1 (415) 555-2671`). */
const INTERNATIONAL_PHONE = /(?<![\w+])\+\d[\d ().-]{5,22}\d(?![\w])/g;

/** A North American number: `415-555-2671`, `415.555.2671`, `(415) 555-2671`. */
const NORTH_AMERICAN_PHONE =
  /(?<![\w.-])(?:\(\d{3}\) ?\d{3}[ .-]|\d{3}([ .-])\d{3}\1)\d{4}(?![\w]|[.-]\d)/g;

/** A national number with its trunk prefix 0: `020 7946 0958`, `06 12 34 56 78`, `0612345678`. */
const NATIONAL_PHONE = /(?<![\w.+-])0\d[\d -]{7,14}\d(?![\w]|[.-]\d)/g;

/** Whether `digits` pass the Luhn check every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A card number: 13–19 digits, Luhn-valid, starting with 2–9 (no card network issues numbers
 * starting with 0, and only an airline network with 1 — where epoch-ms times, 13 digits starting
 * with 1, one in ten of them Luhn-valid, would be taken for cards).
 */
function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && /^[2-9]/.test(digits) && luhnValid(digits);
}

/** `run` (digit groups, see {@link DIGIT_RUN}) with each span of groups that is a card redacted. */
function redactCards(run: string): string {
  const groups = run.split(/([ -])/);
  // groups: digits at even indices, separators at odd ones.
  const out: string[] = [];
  let i = 0;
  while (i < groups.length) {
    let end = -1;
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j += 2) {
      digits += groups[j] ?? '';
      if (isCardNumber(digits)) end = j;
    }
    if (end < 0) {
      out.push(groups[i] ?? '', groups[i + 1] ?? '');
      i += 2;
    } else {
      out.push(REDACTED, groups[end + 1] ?? '');
      i = end + 2;
    }
  }
  return out.join('');
}

/**
 * The longest start of `match` that ends after a digit and holds `min`–`max` digits, redacted
 * (what follows it is kept): a phone pattern may have taken in a number written after it.
 */
function redactDigitsPrefix(match: string, min: number, max: number): string {
  for (let end = match.length; end > 0; end--) {
    if (!/\d/.test(match[end - 1] ?? '') || /\d/.test(match[end] ?? '')) continue;
    const count = match.slice(0, end).replace(/\D/g, '').length;
    if (count >= min && count <= max) return `${REDACTED}${match.slice(end)}`;
    if (count < min) break;
  }
  return match;
}

/**
 * `text` with every card number (Luhn-valid, 13–19 digits, spaces or dashes allowed), e-mail
 * address and phone number (international with `+`, North American, national with its leading
 * 0) it seems to hold replaced by `[redacted]`.
 */
export function scrubPersonalData(text: string): string {
  return text
    .replace(EMAIL, REDACTED)
    .replace(DIGIT_RUN, redactCards)
    .replace(INTERNATIONAL_PHONE, (m) => redactDigitsPrefix(m, 8, 15))
    .replace(NORTH_AMERICAN_PHONE, REDACTED)
    .replace(NATIONAL_PHONE, (m) => redactDigitsPrefix(m, 10, 11));
}

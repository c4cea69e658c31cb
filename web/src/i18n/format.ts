import type { IntlShape } from 'react-intl';

/**
 * Numbers the page shows, in its language's conventions (`intl.locale`): money, durations and
 * sizes through `Intl.NumberFormat`, never by hand.
 */

/** US dollars from micro-dollars: "$0.0042", "$1.27" (nl: "US$ 0,0042"); small sums keep 4 decimals. */
export function formatMicros(intl: IntlShape, micros: number): string {
  const usd = micros / 1_000_000;
  const digits = usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2;
  return intl.formatNumber(usd, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A duration in milliseconds, as a whole number of them: "1,234 ms" (nl: "1.234 ms"). */
export function formatMs(intl: IntlShape, ms: number, fractionDigits = 0): string {
  return intl.formatNumber(ms, {
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** A duration in seconds (from ms): "12 s", or "1.5 s" with `fractionDigits` 1. */
export function formatSeconds(intl: IntlShape, ms: number, fractionDigits = 0): string {
  return intl.formatNumber(ms / 1000, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** A duration in minutes (from ms): "2.5 min". */
export function formatMinutes(intl: IntlShape, ms: number, fractionDigits = 1): string {
  return intl.formatNumber(ms / 60_000, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** A plain number: "1,234" (nl: "1.234"), with at most `fractionDigits` decimals. */
export function formatCount(intl: IntlShape, n: number, fractionDigits = 0): string {
  return intl.formatNumber(n, { maximumFractionDigits: fractionDigits });
}

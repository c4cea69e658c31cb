/** Formats micro-dollars for people: "$0.0042", "$1.27". */
export function formatMicros(micros: number): string {
  const usd = micros / 1_000_000;
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

import type { CallState } from '../state/types.ts';

/**
 * What the empty screen suggests saying: phrases heard exactly in at least 95 % of runs through
 * the browser, five runs or more in each of Flite's four voices, in every measurement of
 * bench/phrases/measurements.ts (PocketSphinx on a fresh relay, PocketSphinx on a relay in use,
 * Moonshine writing), and that the offline responder answers. bench/phrases/suggested.test.ts
 * and e2e/suggested-phrases.spec.ts hold this list to those figures; what was dropped and why:
 * docs/decisions.md#the-first-screen-suggests-only-phrases-heard-19-times-in-20.
 */
export const SUGGESTED_PHRASES: readonly string[] = ['what is your name', 'good afternoon'];

/** The empty transcript's line: what to say before a call, a prompt during one. */
export function emptyHint(call: CallState): string {
  if (call !== 'idle') return 'Listening… say something.';
  const quoted = SUGGESTED_PHRASES.map((p) => `“${p}”`);
  const list =
    quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}` : quoted[0];
  return `Press Talk and say something, like ${list}.`;
}

/**
 * The language-drift check on replies a model gives in a Dutch conversation (issue 62): how many
 * Dutch replies it wrongly flags, how many drifted ones it misses, how many it leaves unjudged
 * (too short), and what one check costs. It measures the relay's own check
 * (`relay/src/language/language-check.ts`, tinyld), not a copy of it.
 *
 * `pnpm bench:language-drift` prints the figures; bench/results/language-drift.md keeps them.
 */
import { performance } from 'node:perf_hooks';
import { detect } from 'tinyld/light';
import {
  DRIFT_LANGUAGES,
  languageDrift,
  MIN_DRIFT_WORDS,
} from '../../relay/src/language/language-check.ts';
import { DRIFTED_REPLIES, DUTCH_REPLIES } from './replies.ts';

/** Times each reply is checked for the cost figures. */
const ROUNDS = 200;

const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const dutchShort = DUTCH_REPLIES.filter((r) => words(r) < MIN_DRIFT_WORDS);
const falseAlarms = DUTCH_REPLIES.filter((r) => languageDrift(r, 'nl') !== null);
const driftedShort = DRIFTED_REPLIES.filter((r) => words(r.text) < MIN_DRIFT_WORDS);
const missed = DRIFTED_REPLIES.filter((r) => languageDrift(r.text, 'nl') === null);
const misread = DRIFTED_REPLIES.filter((r) => {
  const drift = languageDrift(r.text, 'nl');
  return drift !== null && drift.detected !== r.language;
});

// The same detector over all of its languages, as the check was first tried.
const anyLanguage = (text: string) => {
  const d = words(text) < MIN_DRIFT_WORDS ? '' : detect(text);
  return d !== '' && d !== 'nl';
};
const anyFalse = DUTCH_REPLIES.filter(anyLanguage);
const anyMissed = DRIFTED_REPLIES.filter((r) => !anyLanguage(r.text));

// Warm up (the detector builds its tables on first use), then time every reply many times.
for (const r of DUTCH_REPLIES) languageDrift(r, 'nl');
const timesMs: number[] = [];
for (let round = 0; round < ROUNDS; round++)
  for (const text of [...DUTCH_REPLIES, ...DRIFTED_REPLIES.map((r) => r.text)]) {
    const t0 = performance.now();
    languageDrift(text, 'nl');
    timesMs.push(performance.now() - t0);
  }
timesMs.sort((a, b) => a - b);

const list = (items: readonly string[]) => items.map((t) => `  - ${t}`).join('\n');
console.log(
  `language-drift check (tinyld among ${DRIFT_LANGUAGES.join(', ')}; replies of ` +
    `${MIN_DRIFT_WORDS}+ words), conversation nl`,
);
console.log(
  `Dutch replies wrongly flagged: ${falseAlarms.length}/${DUTCH_REPLIES.length}` +
    ` (${dutchShort.length} too short to judge)`,
);
if (falseAlarms.length > 0) console.log(list(falseAlarms));
console.log(
  `drifted replies missed: ${missed.length}/${DRIFTED_REPLIES.length}` +
    ` (${driftedShort.length} too short to judge)`,
);
if (missed.length > 0) console.log(list(missed.map((r) => `${r.language}: ${r.text}`)));
console.log(`drifted replies caught with another language named: ${misread.length}`);
console.log(
  `one check: median ${quantile(timesMs, 0.5).toFixed(3)} ms, p99 ${quantile(timesMs, 0.99).toFixed(3)} ms` +
    ` (${timesMs.length} checks)`,
);
console.log(
  `tinyld among all its languages: Dutch wrongly flagged ${anyFalse.length}/${DUTCH_REPLIES.length}, ` +
    `drifted missed ${anyMissed.length}/${DRIFTED_REPLIES.length}`,
);
if (anyFalse.length > 0) console.log(list(anyFalse.map((t) => `${detect(t)}: ${t}`)));

/**
 * The end-of-turn policy against the fixed 500 ms rule, through the headless client (`pnpm
 * talk`'s streamer, which ends turns as the app does): 110 utterances by Flite's voices at
 * several rates and pitches, 50 complete, 60 with a pause at an incomplete point
 * (bench/end-of-turn/utterances.ts, harder.ts), streamed in real time into a relay with the
 * embedded providers (the shipped default recogniser, the offline responder, Flite), each under
 * every rule in turn, in one run. Rules: `fixed` (500 ms), `words` (the policy on the words
 * alone, as before issue 52), `policy` (words and the voice at the pause).
 *
 *   pnpm bench:end-of-turn [--out bench/results] [--eagerness balanced] [--only N]
 *     [--rule fixed,words,policy] [--kind complete|paused]
 *     [--set first|harder|all|held-out|human] [--asr pocketsphinx]
 *
 * `--set first`: the first 60 utterances only (the set before issue 52); `harder`: the 50
 * added by it; `held-out`: 70 never tuned on (./held-out.ts); `human`: the 11 finished
 * sentences of recorded human voices (pocketsphinx-testdata: how long a human voice waits for
 * its answer). A part's results go to `end-of-turn-headless-<part>.md`. The recogniser is the
 * shipped default (Moonshine writes, PocketSphinx listens) unless `--asr` names one
 * (`ASR_PROVIDERS`: `--asr pocketsphinx` is PocketSphinx alone), its results then named
 * `…-<asr>`.
 *
 * Per rule: voice to voice on the complete utterances (end of speech in the file → first reply
 * audio received; median, p90), the complete ones that waited past 700 ms, and the paused ones
 * whose turn ended in the pause (the relay answered before the user finished).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EAGERNESS, type Eagerness } from '@parley/shared';
import { writeResult } from '../lib/write-result.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { endOfTurnMarkdown, RULES, type Outcome } from './report.ts';
import { recogniserEnv, recogniserName, streamSet } from './run.ts';
import { endOfTurnSet, resultSuffix, SET_PARTS } from './utterances.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    eagerness: { type: 'string', default: 'balanced' },
    only: { type: 'string' },
    /** One rule only (`fixed` or `policy`), and one kind of utterance only, for a quick look. */
    rule: { type: 'string' },
    kind: { type: 'string' },
    set: { type: 'string', default: 'all' },
    /** The recogniser (`ASR_PROVIDERS`): absent, the shipped default. */
    asr: { type: 'string' },
  },
});
const chosen = EAGERNESS.find((e) => e === values.eagerness);
if (!chosen) throw new Error(`--eagerness: one of ${EAGERNESS.join(', ')}`);
const eagerness: Eagerness = chosen;
const part = SET_PARTS.find((p) => p === values.set);
if (!part) throw new Error(`--set: one of ${SET_PARTS.join(', ')}`);
const set = endOfTurnSet(part)
  .filter((u) => !values.kind || u.kind === values.kind)
  .slice(0, values.only ? Number(values.only) : undefined);
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const startedAt = Date.now();
const loadBefore = loadavg();

const relay = await startTestRelay({ POCKETSPHINX_SPARES: '1', ...recogniserEnv(values.asr) });
let outcomes: Outcome[];
try {
  const rules = RULES.filter((r) => (values.rule ? values.rule.split(',').includes(r) : true));
  outcomes = await streamSet(relay.wsUrl, set, {
    rules,
    eagerness,
    audioDir,
    onOutcome: (o, i) => console.log(`${o.rule} ${i + 1}/${set.length} ${JSON.stringify(o)}`),
  });
} finally {
  await relay.close();
  await closeSynthesizers();
}

const suffix = `${resultSuffix(part)}${values.asr === undefined ? '' : `-${values.asr}`}`;
const markdown = endOfTurnMarkdown(outcomes, {
  command: [
    `pnpm bench:end-of-turn --eagerness ${eagerness}`,
    ...(['only', 'rule', 'kind', 'asr'] as const).flatMap((k) =>
      values[k] ? [`--${k} ${values[k]}`] : [],
    ),
    ...(part === 'all' ? [] : [`--set ${part}`]),
  ].join(' '),
  machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
  load: `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`,
  minutes: Math.round((Date.now() - startedAt) / 60_000),
  recogniser: recogniserName(values.asr),
});
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `end-of-turn-headless${suffix}.md`), markdown);
writeFileSync(
  join(values.out, `end-of-turn-headless${suffix}.json`),
  JSON.stringify(outcomes, null, 1),
);
console.log(`\n${markdown}`);
process.exit(0);

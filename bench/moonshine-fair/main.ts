/**
 * Moonshine shared by several users at once (issue 60, item 8): N users (1, 2, 4) each say
 * short questions, one after another, while one more user says a 55 s utterance; and, for the
 * solo time, one user's questions alone. Through the relay's own engines (Moonshine writing,
 * PocketSphinx listening: EmbeddedEngines, as `ASR_PROVIDERS=moonshine` builds them), every
 * stream paced in real time in 100 ms chunks, each pause read where the listener cuts (the
 * session's snapshot) and the utterance then finished, as the session does.
 *
 *   pnpm bench:moonshine-fair [--out bench/results] [--label after] [--users 1,2,4]
 *
 * Per question: the pause's reading (pause → the words the answer waits on) and the final (end
 * of the utterance → the final transcript), medians and p90; finals past ASR_FINAL_TIMEOUT_S's
 * default (10 s, where the relay's deadline fails the recogniser) and failed ones; and whose
 * writing the final is (Moonshine's casing and punctuation, or the listener's lower case).
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, wordsOf } from '@parley/shared';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import type { AsrProvider, AsrStream } from '../../relay/src/providers/stages/asr.ts';
import { writeResult } from '../lib/write-result.ts';
import { scoredWords, wordErrors } from '../recognition/word-errors.ts';
import { fairnessEngines } from './engines.ts';
import { CHUNK, longUtterance, questions, type Said } from './speech.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    label: { type: 'string', default: '' },
    users: { type: 'string', default: '1,2,4' },
  },
});
const userCounts = values.users.split(',').map(Number);
/** ASR_FINAL_TIMEOUT_S's default: a final later than this fails the recogniser in the relay. */
const FINAL_DEADLINE_MS = 10_000;
/** The long utterance's final is waited on at most this long (ms), then counted failed. */
const LONG_DEADLINE_MS = 120_000;
/** Between a user's questions (ms): they read the answer. */
const THINK_MS = 1_500;

interface Question {
  scenario: string;
  user: string;
  text: string;
  heard: string;
  /** The pause → the snapshot's words (ms); null where no cut was asked. */
  pauseMs: number | null;
  /** finish → final transcript (ms); null: failed. */
  finalMs: number | null;
  /** Why it failed. */
  error?: string;
  /** Written by Moonshine (its casing and punctuation) rather than the listener. */
  moonshine: boolean;
  /** The words heard are the words said. */
  right: boolean;
}

/** Writes `said` into `stream` in real time from `t0`, calling `onPause` at each pause. */
async function pace(stream: AsrStream, said: Said, onPause: () => void): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i * CHUNK < said.samples.length; i++) {
    const due = t0 + i * 100 - performance.now();
    if (due > 0) await sleep(due);
    stream.write(said.samples.slice(i * CHUNK, (i + 1) * CHUNK));
    if (said.pausesAfter.has(i)) onPause();
  }
}

/** One question: streamed, its pause read where the listener cuts, finished. */
async function ask(
  asr: AsrProvider,
  user: string,
  said: Said,
): Promise<Omit<Question, 'scenario'>> {
  const stream = asr.start({
    sampleRateHz: 16_000,
    signal: new AbortController().signal,
    speaker: user,
  });
  let pause: Promise<number | null> = Promise.resolve(null);
  await pace(stream, said, () => {
    if (stream.capability?.('cut')?.ready() !== true || !stream.snapshot) return;
    const at = performance.now();
    pause = stream.snapshot().then(
      () => performance.now() - at,
      () => null,
    );
  });
  const at = performance.now();
  // The relay's deadline: a final not there by then fails the turn.
  const deadline = sleep(FINAL_DEADLINE_MS).then(() => {
    stream.abort();
    throw new Error(`no final within ${FINAL_DEADLINE_MS} ms`);
  });
  const final = await Promise.race([stream.finish(), deadline]).then(
    (r) => ({ text: r.text, ms: performance.now() - at }),
    (error: unknown) => ({ text: '', ms: null, error: String(error) }),
  );
  const heard = final.text;
  return {
    user,
    text: said.text,
    heard,
    // A listener that failed may never answer its cut: not waited on past the deadline.
    pauseMs: await Promise.race([pause, sleep(FINAL_DEADLINE_MS, null)]),
    finalMs: final.ms,
    ...('error' in final ? { error: final.error } : {}),
    moonshine: /[A-Z.?!,]/.test(heard),
    right: wordsOf(heard).join(' ') === wordsOf(said.text).join(' '),
  };
}

/** A user asking questions from `set` (from `offset` on) while `more(asked)` says so. */
async function asker(
  asr: AsrProvider,
  user: string,
  set: readonly Said[],
  offset: number,
  more: (asked: number) => boolean,
): Promise<Omit<Question, 'scenario'>[]> {
  const out: Omit<Question, 'scenario'>[] = [];
  for (let k = 0; more(k); k++) {
    const said = set[(offset + k) % set.length];
    if (!said) break;
    out.push(await ask(asr, user, said));
    await sleep(THINK_MS);
  }
  return out;
}

const startedAt = Date.now();
const loadBefore = loadavg();
const { asr, close, workers } = await fairnessEngines();
const set = await questions();
const long = await longUtterance();
const results: Question[] = [];
const longFinals: { scenario: string; finalMs: number | null; errors: number; words: number }[] =
  [];

async function scenario(name: string, users: number, withLong: boolean): Promise<void> {
  let over = false;
  const askers = Array.from({ length: users }, async (_, u) => {
    await sleep(u * 700);
    const more = withLong ? () => !over : (asked: number) => asked < set.length;
    return asker(asr, `user-${u}`, set, u * 3, more);
  });
  if (withLong) {
    const stream = asr.start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
      speaker: 'long-talker',
    });
    await pace(stream, long, () => {
      if (stream.capability?.('cut')?.ready() === true) void stream.snapshot?.().catch(() => null);
    });
    const at = performance.now();
    const r = await Promise.race([stream.finish(), sleep(LONG_DEADLINE_MS, null)]).catch(
      () => null,
    );
    if (r === null) stream.abort();
    longFinals.push({
      scenario: name,
      finalMs: r === null ? null : performance.now() - at,
      errors: wordErrors(scoredWords(long.text), scoredWords(r?.text ?? '')),
      words: scoredWords(long.text).length,
    });
    over = true;
  }
  for (const asked of await Promise.all(askers))
    for (const q of asked) {
      results.push({ scenario: name, ...q });
      console.log(JSON.stringify({ scenario: name, ...q }));
    }
}

try {
  await scenario('solo', 1, false);
  for (const n of userCounts) await scenario(`${n} + long`, n, true);
} finally {
  await close();
  await closeSynthesizers();
}

const ms = (x: number) => `${Math.round(x)} ms`;
const stat = (xs: number[], q: number) => (xs.length === 0 ? '–' : ms(percentile(xs, q)));
const rows = [...new Set(results.map((r) => r.scenario))].map((name) => {
  const of = results.filter((r) => r.scenario === name);
  const finals = of.flatMap((r) => (r.finalMs === null ? [] : [r.finalMs]));
  const pauses = of.flatMap((r) => (r.pauseMs === null ? [] : [r.pauseMs]));
  const late = finals.filter((x) => x > FINAL_DEADLINE_MS).length;
  const failed = of.filter((r) => r.finalMs === null).length;
  const long = longFinals.find((l) => l.scenario === name);
  const longCell =
    long === undefined
      ? '–'
      : long.finalMs === null
        ? 'failed'
        : `${ms(long.finalMs)}, ${long.errors} / ${long.words} words wrong`;
  return `| ${name} | ${of.length} | ${stat(pauses, 0.5)} | ${stat(pauses, 0.9)} | ${stat(finals, 0.5)} | ${stat(finals, 0.9)} | ${late} | ${failed} | ${of.filter((r) => r.moonshine).length} | ${of.filter((r) => r.right).length} | ${longCell} |`;
});
const label = values.label === '' ? '' : `-${values.label}`;
const markdown = [
  `# Moonshine shared by several users${values.label === '' ? '' : ` (${values.label})`}`,
  '',
  `\`pnpm bench:moonshine-fair${values.label === '' ? '' : ` --label ${values.label}`}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · Moonshine workers: ${workers} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  'N users each say short questions (Flite, one after another, 1.5 s apart) while one more user says a 55 s utterance (sentences 0.5 s apart); `solo`: one user’s questions alone. Every stream paced in real time through the relay’s engines (Moonshine writing, PocketSphinx listening), its pauses read where the listener cuts, then finished. Pause: the pause → the words the answer waits on. Final: the end of the utterance → the final transcript. Late: finals past 10 s (`ASR_FINAL_TIMEOUT_S`’s default: the relay’s deadline fails the recogniser, and its circuit breaker counts it). Moonshine: finals in Moonshine’s writing (the rest are the listener’s words). Right: every word as said.',
  '',
  '| scenario | questions | pause, median | pause, p90 | final, median | final, p90 | late | failed | Moonshine | right | the 55 s utterance’s final |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `moonshine-fair${label}.md`), markdown);
await writeResult(
  join(values.out, `moonshine-fair${label}.json`),
  JSON.stringify({ workers, questions: results, long: longFinals }),
);
console.log(markdown);

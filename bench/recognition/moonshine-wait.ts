/**
 * How long a pause's Moonshine reading keeps the answer waiting, by the two levers of issue 61
 * item 2 — the runtime (onnxruntime-node or WebAssembly) and the early reading (the speech read
 * once the audio goes quiet, before the pause is told) — each condition a Moonshine of its own
 * (one worker), the conditions interleaved utterance by utterance so a shared machine's load
 * meets them alike. Each complete sentence of the end-of-turn bench's held-out set (Flite's
 * voices, as that bench says them) is written in real time, 20 ms at a time; the pause is asked
 * `--pause-ms` after the speech ends in the file (the client tells a pause ~100 ms into its
 * silence, and the message takes its way), then the utterance finished.
 *
 *   node --import tsx bench/recognition/moonshine-wait.ts [--pause-ms 150] [--only N]
 *     [--out bench/results]
 *
 * Per condition: the pause → its reading (median, p90), and whether the words are those of the
 * condition without the early reading (the same audio must give the same words).
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { floatToPcm16 } from '@parley/shared';
import { speechEnd } from '../../relay/src/providers/embedded/moonshine/audio-windows.ts';
import { MoonshineAsr } from '../../relay/src/providers/embedded/moonshine/moonshine.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet, speakerName, wholeText } from '../end-of-turn/utterances.ts';
import { writeResult } from '../lib/write-result.ts';

const { values } = parseArgs({
  options: {
    'pause-ms': { type: 'string', default: '150' },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const pauseMs = Number(values['pause-ms']);
const only = values.only === undefined ? undefined : Number(values.only);
const CHUNK = 320;

const conditions = [
  { name: 'WebAssembly, read at the pause (before)', runtime: 'wasm', early: Infinity },
  { name: 'WebAssembly, read early', runtime: 'wasm', early: undefined },
  { name: 'onnxruntime-node, read at the pause', runtime: 'native', early: Infinity },
  { name: 'onnxruntime-node, read early (now)', runtime: 'native', early: undefined },
] as const;

const startedAt = Date.now();
const loadBefore = loadavg();
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const set = endOfTurnSet('held-out')
  .filter((u) => u.kind === 'complete')
  .slice(0, only);
const asrs = conditions.map(
  (c) =>
    new MoonshineAsr({
      workers: 1,
      runtime: c.runtime,
      ...(c.early === undefined ? {} : { earlyReadQuietMs: c.early }),
    }),
);

/** One utterance written in real time: the pause → its reading (ms), and the words. */
async function say(asr: MoonshineAsr, samples: Float32Array) {
  const pcm = floatToPcm16(samples);
  const end = speechEnd(samples) ?? samples.length;
  const pauseAt = end + (pauseMs * 16_000) / 1000;
  const stream = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
  const t0 = performance.now();
  let reading: Promise<{ ms: number; text: string }> | null = null;
  for (let at = 0; at < pcm.length; at += CHUNK) {
    const due = (at / 16_000) * 1000 - (performance.now() - t0);
    if (due > 0) await sleep(due);
    stream.write(pcm.slice(at, at + CHUNK));
    if (reading === null && at + CHUNK >= pauseAt) {
      const asked = performance.now();
      reading = (stream.snapshot?.() ?? Promise.reject(new Error('no cut'))).then((r) => ({
        ms: performance.now() - asked,
        text: r.text,
      }));
    }
  }
  const cut = await (reading ?? Promise.reject(new Error('no pause')));
  await stream.finish();
  return cut;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const ms = conditions.map(() => [] as number[]);
const texts = conditions.map(() => [] as string[]);
try {
  await Promise.all(asrs.map((a) => a.ready()));
  for (const [i, u] of set.entries()) {
    const { samples } = await utteranceAudio(u, audioDir);
    for (const [k, asr] of asrs.entries()) {
      const r = await say(asr, samples);
      ms[k]?.push(r.ms);
      texts[k]?.push(r.text);
      console.log(
        `${i + 1}/${set.length} ${conditions[k]?.name}: ${Math.round(r.ms)} ms ${r.text}`,
      );
    }
    console.log(`  (${speakerName(u)}) ${wholeText(u)}`);
  }
} finally {
  await Promise.all(asrs.map((a) => a.close()));
  await closeSynthesizers();
}

const differ = (k: number, base: number) =>
  (texts[k] ?? []).filter((t, i) => t !== texts[base]?.[i]).length;
const rows = conditions.map((c, k) => {
  const base = c.runtime === 'wasm' ? 0 : 2;
  return `| ${c.name} | ${Math.round(pct(ms[k] ?? [], 50))} ms | ${Math.round(pct(ms[k] ?? [], 90))} ms | ${k === base ? '–' : `${differ(k, base)} of ${set.length}`} |`;
});
const markdown = [
  '# How long a pause’s Moonshine reading keeps the answer waiting',
  '',
  `\`node --import tsx bench/recognition/moonshine-wait.ts --pause-ms ${pauseMs}${only === undefined ? '' : ` --only ${only}`}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  `The ${set.length} complete sentences of the end-of-turn bench’s held-out set (Flite’s voices), each written in real time (20 ms at a time) into a Moonshine of each condition (one worker each), the conditions interleaved sentence by sentence; the pause asked ${pauseMs} ms after the speech ends in the file. Pause → reading: from the pause’s snapshot asked to Moonshine’s words (what the answer waits on at the pause).`,
  '',
  '| condition | pause → reading, median | p90 | words other than read at the pause (same runtime) |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'moonshine-wait.md'), markdown);
console.log(markdown);

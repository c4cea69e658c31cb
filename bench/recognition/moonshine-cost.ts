/**
 * What one Moonshine reading costs: the model's memory, and one core's time per reading of each
 * of the recorded human utterances (Debian's pocketsphinx-testdata), read whole as a pause's
 * reading reads them: by onnxruntime-node (the relay's default runtime, installed with it) and
 * by onnxruntime-web's WebAssembly build, interleaved so both meet the same load (issue 61).
 *
 *   node --import tsx bench/recognition/moonshine-cost.ts [--rounds 3] [--out bench/results]
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  loadMoonshineRuntime,
  MoonshineModel,
} from '../../relay/src/providers/embedded/moonshine/moonshine-model.ts';
import { writeResult } from '../lib/write-result.ts';
import { recordedSpeech, TESTDATA_DIR } from '../speech/real-speech.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const rounds = Number(values.rounds);
const speech = recordedSpeech();
if (speech === null)
  throw new Error(`${TESTDATA_DIR} is missing: apt-get install pocketsphinx-testdata`);

const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const loadBefore = loadavg();
const rssBefore = mib();
const runtimes: { name: string; model: MoonshineModel; rssMib: number }[] = [];
const web = await MoonshineModel.load();
runtimes.push({ name: 'onnxruntime-web (WebAssembly)', model: web, rssMib: mib() - rssBefore });
const native = await loadMoonshineRuntime('native');
if (native.name !== 'native')
  throw new Error(`onnxruntime-node cannot load: ${native.nativeError}`);
const before = mib();
const model = await MoonshineModel.load(undefined, native.runtime);
runtimes.push({ name: 'onnxruntime-node (native)', model, rssMib: mib() - before });

/** One core's time (user + system, ms) and the wall time of one reading, and its text. */
async function read(model: MoonshineModel, audio: Float32Array) {
  const cpu = process.cpuUsage();
  const at = performance.now();
  const text = await model.transcribe(audio);
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - at, text };
}

const cpuMs = new Map<string, Map<string, number[]>>();
const texts = new Map<string, Map<string, string>>();
for (const r of runtimes) {
  cpuMs.set(r.name, new Map());
  texts.set(r.name, new Map());
  // Warm: the first reading compiles and allocates.
  await r.model.transcribe(speech[0]?.samples ?? new Float32Array(16_000));
}
// Interleaved: each utterance by each runtime in turn, round after round.
for (let round = 0; round < rounds; round++)
  for (const u of speech)
    for (const r of runtimes) {
      const { cpuMs: ms, text } = await read(r.model, u.samples);
      const byId = cpuMs.get(r.name);
      byId?.set(u.id, [...(byId.get(u.id) ?? []), ms]);
      texts.get(r.name)?.set(u.id, text);
    }
for (const r of runtimes) await r.model.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const header = ['utterance', 'seconds', ...runtimes.map((r) => `${r.name}, CPU ms`)];
const rows = speech.map((u) => [
  u.id,
  (u.samples.length / 16_000).toFixed(1),
  ...runtimes.map((r) => Math.round(median(cpuMs.get(r.name)?.get(u.id) ?? [])).toString()),
]);
const total = (name: string) =>
  speech.reduce((s, u) => s + median(cpuMs.get(name)?.get(u.id) ?? []), 0);
const audioS = speech.reduce((s, u) => s + u.samples.length / 16_000, 0);
const sameText =
  runtimes.length < 2
    ? []
    : speech.filter(
        (u) =>
          texts.get(runtimes[0]?.name ?? '')?.get(u.id) !==
          texts.get(runtimes[1]?.name ?? '')?.get(u.id),
      );
const cells = (r: string[]) => `| ${r.join(' | ')} |`;
const markdown = [
  '# What a Moonshine reading costs',
  '',
  `\`node --import tsx bench/recognition/moonshine-cost.ts --rounds ${rounds}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`,
  '',
  'One core’s time (user + system CPU, median of the rounds) for one reading of each recorded human utterance, whole, on one thread; runtimes interleaved so both meet the same load. Memory: the resident set the model added as it loaded (both sessions), in this process.',
  '',
  cells(header),
  cells(header.map((_, i) => (i < 1 ? '---' : '---:'))),
  ...rows.map(cells),
  cells([
    'all',
    audioS.toFixed(1),
    ...runtimes.map(
      (r) =>
        `${Math.round(total(r.name))} (${((total(r.name) / 1000 / audioS) * 100).toFixed(1)} % of the audio's length)`,
    ),
  ]),
  '',
  ...runtimes.map((r) => `- ${r.name}: the model added ${r.rssMib} MiB resident as it loaded.`),
  ...(runtimes.length < 2
    ? []
    : [
        `- Texts that differ between the two: ${sameText.length} of ${speech.length}${sameText.length === 0 ? '' : ` (${sameText.map((u) => u.id).join(', ')})`}.`,
      ]),
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'moonshine-cost.md'), markdown);
console.log(markdown);
process.exit(0);

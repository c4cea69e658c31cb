/**
 * The voice's cues at a pause, English against Dutch (issue 62, item 4): whether the pitch and
 * final-lengthening cues the end-of-turn policy reads (shared/src/turn/prosody.ts, voice-cue.ts)
 * behave on eSpeak NG's Dutch voices as on its English ones. Every sentence of both sets of a
 * language (tuned and held-out: the cues are not tuned per language, so none is held out here),
 * each said by its speaker of ./espeak-set.ts; the audio up to the end of the speech (finished
 * statements and questions) or up to the pause (paused sentences, said whole and cut, so the
 * voice before the pause is mid-sentence) is read as the client reads it at a pause. No relay:
 * the cues alone.
 *
 *   pnpm bench:prosody-languages [--out bench/results]
 *
 * Per language and kind (statement, question, the same question said with a question mark —
 * eSpeak NG's question intonation needs one —, paused): the pitch's direction, its median move,
 * the last voiced stretch against the sentence's typical one (final lengthening), and how often
 * the voice alone says "goes on" (voice-cue.ts, without the user's habits).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  PROSODY_WINDOW_MS,
  prosodyAtPause,
  SAMPLE_RATE_HZ,
  turnWordsFor,
  voiceCue,
  type PauseProsody,
} from '@parley/shared';
import { speechEdges } from '../speech/espeak.ts';
import { spokenUtterance } from '../speech/spoken-utterance.ts';
import { writeResult } from '../lib/write-result.ts';
import { BENCH_LANGUAGES, espeakSet, type BenchLanguage } from './espeak-set.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'bench/results' } } });
const startedAt = Date.now();
const loadBefore = loadavg();

const KINDS = ['statement', 'question', 'question?', 'paused'] as const;
type Kind = (typeof KINDS)[number];

interface Heard {
  language: BenchLanguage;
  kind: Kind;
  text: string;
  prosody: PauseProsody;
  goesOn: boolean | null;
}

const samplesOf = (ms: number) => Math.round((ms * SAMPLE_RATE_HZ) / 1000);

/** The audio before the end of the speech that ends at or before `untilMs`, as read at a pause. */
function windowBefore(samples: Float32Array, untilMs: number): Float32Array {
  const upTo = samples.subarray(0, samplesOf(untilMs));
  const [, end] = speechEdges(upTo);
  return upTo.subarray(Math.max(0, end - samplesOf(PROSODY_WINDOW_MS)), end);
}

const heard: Heard[] = [];
for (const language of BENCH_LANGUAGES) {
  const questionStarts = new Set(turnWordsFor(language)?.endOfTurn.questionStarts ?? []);
  for (const part of ['tuned', 'held-out'] as const)
    for (const u of espeakSet(language, part)) {
      const spoken = await spokenUtterance(u, u.speaker);
      const text = u.kind === 'complete' ? u.text : u.before;
      let untilMs = spoken.speechEndMs;
      if (u.kind === 'paused') {
        const lastBefore = spoken.words[u.before.split(/\s+/).length - 1];
        if (lastBefore === undefined) throw new Error(`no words before the pause of "${text}"`);
        untilMs = lastBefore.endMs + u.pauseMs / 2;
      }
      const prosody = prosodyAtPause(windowBefore(spoken.samples, untilMs));
      const kind: Kind =
        u.kind === 'paused'
          ? 'paused'
          : questionStarts.has(text.split(' ')[0] ?? '')
            ? 'question'
            : 'statement';
      heard.push({
        language,
        kind,
        text,
        prosody,
        goesOn: voiceCue(prosody, null)?.goesOn ?? null,
      });
      if (kind !== 'question' || u.kind !== 'complete') continue;
      // The sets are said without punctuation; eSpeak NG's question intonation needs the mark.
      const asked = await spokenUtterance({ ...u, text: `${u.text}?` }, u.speaker);
      const p = prosodyAtPause(windowBefore(asked.samples, asked.speechEndMs));
      heard.push({
        language,
        kind: 'question?',
        text,
        prosody: p,
        goesOn: voiceCue(p, null)?.goesOn ?? null,
      });
    }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.floor(s.length / 2)] ?? null);
};
const share = (n: number, of: number) =>
  `${n}/${of} (${Math.round((100 * n) / Math.max(1, of))} %)`;

const rows: string[][] = [];
for (const kind of KINDS)
  for (const language of BENCH_LANGUAGES) {
    const hs = heard.filter((h) => h.language === language && h.kind === kind);
    const count = (pitch: PauseProsody['pitch']) =>
      hs.filter((h) => h.prosody.pitch === pitch).length;
    const ratios = hs.flatMap(({ prosody: p }) =>
      p.lastVoicedMs !== null && p.typicalVoicedMs ? [p.lastVoicedMs / p.typicalVoicedMs] : [],
    );
    const moves = hs.filter((h) => h.prosody.pitch !== 'unknown').map((h) => h.prosody.moveSt);
    const judged = hs.filter((h) => h.goesOn !== null);
    rows.push([
      kind,
      language,
      String(hs.length),
      share(count('falling'), hs.length),
      share(count('level'), hs.length),
      share(count('rising'), hs.length),
      share(count('unknown'), hs.length),
      `${median(moves)?.toFixed(1) ?? '–'} st`,
      median(ratios)?.toFixed(2) ?? '–',
      share(judged.filter((h) => h.goesOn).length, judged.length),
    ]);
  }

const header = [
  'kind',
  'language',
  'n',
  'falling',
  'level',
  'rising',
  'no pitch',
  'move, median',
  'last / typical stretch, median',
  'voice says "goes on"',
];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
const markdown = [
  '# The voice at a pause, English and Dutch (issue 62, item 4)',
  '',
  `\`pnpm bench:prosody-languages\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  "Every sentence of both end-of-turn sets of each language (bench/end-of-turn/espeak-set.ts), said by its eSpeak NG speaker (en-us / nl and the variants +f3 +m3 +f2 +m1 +f4 at 145–210 words a minute), read as the client reads a pause (shared/src/turn/prosody.ts on the last 1.5 s of speech): finished statements and questions at their end, paused sentences at the pause (said whole and cut, so the voice there is mid-sentence). Question: the first word opens one in the language's table; question?: the same said with a question mark (the sets are said without punctuation, and eSpeak NG gives a question its intonation only with the mark). Move: the pitch's from the last voiced stretch's peak (negative, falling) or trough (rising) to its end. Last / typical: the last voiced stretch against the median of the ones before it (final lengthening above 1). Goes on: voice-cue.ts on this utterance alone (no habits), of those it judges.",
  '',
  ...table,
  '',
].join('\n');
await writeResult(join(values.out, 'prosody-languages.md'), markdown);
console.log(markdown);
process.exit(0);

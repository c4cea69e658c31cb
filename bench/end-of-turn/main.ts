/**
 * The end-of-turn policy against the fixed 500 ms rule, through the headless client (`pnpm
 * talk`'s streamer, which ends turns as the app does): 110 utterances by Flite's voices at
 * several rates and pitches, 50 complete, 60 with a pause at an incomplete point
 * (bench/end-of-turn/utterances.ts, harder.ts), streamed in real time into a relay with the
 * embedded providers (the default recogniser, the offline responder, Flite), each under every rule in
 * turn, in one run. Rules: `fixed` (500 ms), `words` (the policy on the words alone, as before
 * issue 52), `policy` (words and the voice at the pause).
 *
 *   pnpm bench:end-of-turn [--out bench/results] [--eagerness balanced] [--only N]
 *     [--rule fixed,words,policy] [--kind complete|paused] [--set first|harder|all|held-out]
 *     [--asr pocketsphinx|moonshine]
 *   pnpm bench:end-of-turn --asr streaming-fake [--language en|nl] [--set tuned|held-out]
 *     [--word-delay-ms 200] [--rule …] [--kind …] [--only N]
 *
 * `--set first`: the first 60 utterances only (the set before issue 52); `harder`: the 50
 * added by it; `held-out`: 70 never tuned on (./held-out.ts). A part's results go to
 * `end-of-turn-headless-<part>.md`. The relay recognises with the shipped default (Moonshine
 * writes, PocketSphinx listens) unless `--asr` names a recogniser (`ASR_PROVIDERS`), its results
 * then named `…-<asr>` (`--asr pocketsphinx`: PocketSphinx alone, the small machine's choice);
 * `MOONSHINE_RUNTIME=wasm` in the bench's
 * environment runs its model on WebAssembly (issue 61, item 2: the runtime before
 * onnxruntime-node), its results named `…-moonshine-wasm`.
 *
 * `--asr streaming-fake` (issue 62; implied by `--language nl`): the sentences of the language
 * (./espeak-set.ts: English's harder or held-out set, Dutch's tuned or held-out one) said by
 * eSpeak NG's voices of that language, recognised by a fake Deepgram at the network boundary
 * that returns the script's words at their times, each `--word-delay-ms` after its audio
 * arrived; the user's language preference is saved first, so the relay tells the recogniser
 * and `ready` tells the client's turn-taking. Results: `…-<set>-<language>-streaming-fake`.
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
import { savePreferences } from '../../relay/test/clients.ts';
import {
  startStreamingRecogniser,
  type StreamingRecogniser,
} from '../speech/streaming-recogniser.ts';
import { spokenUtterance } from '../speech/spoken-utterance.ts';
import {
  BENCH_LANGUAGES,
  ESPEAK_PARTS,
  espeakSet,
  espeakSpeakerName,
  type EspeakUtterance,
} from './espeak-set.ts';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { writeResult } from '../lib/write-result.ts';
import { endedText, UtteranceStreamer, type StreamOptions } from '../../relay/src/talk/stream.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { SHIPPED_RECOGNISER } from '../../relay/test/relay-process.ts';
import { utteranceAudio } from './audio.ts';
import {
  endOfTurnMarkdown,
  pauseReadingText,
  pauseWordsAfter,
  RULES,
  type Outcome,
  type Rule,
} from './report.ts';
import {
  endOfTurnSet,
  resultSuffix,
  SET_PARTS,
  speakerName,
  type EndOfTurnUtterance,
  type SetPart,
} from './utterances.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    eagerness: { type: 'string', default: 'balanced' },
    only: { type: 'string' },
    /** One rule only (`fixed` or `policy`), and one kind of utterance only, for a quick look. */
    rule: { type: 'string' },
    kind: { type: 'string' },
    set: { type: 'string', default: 'all' },
    /**
     * The recogniser (`ASR_PROVIDERS`): absent, the shipped default (Moonshine writes,
     * PocketSphinx listens); `pocketsphinx`, PocketSphinx alone.
     */
    asr: { type: 'string' },
    language: { type: 'string', default: 'en' },
    'word-delay-ms': { type: 'string', default: '200' },
  },
});
const language = BENCH_LANGUAGES.find((l) => l === values.language);
if (!language) throw new Error(`--language: one of ${BENCH_LANGUAGES.join(', ')}`);
const streaming = values.asr === 'streaming-fake' || language !== 'en';
if (language !== 'en' && values.asr !== undefined && values.asr !== 'streaming-fake')
  throw new Error(`--language ${language}: only --asr streaming-fake recognises it`);
const wordDelayMs = Number(values['word-delay-ms']);
const chosen = EAGERNESS.find((e) => e === values.eagerness);
if (!chosen) throw new Error(`--eagerness: one of ${EAGERNESS.join(', ')}`);
const eagerness: Eagerness = chosen;
const setName = streaming && values.set === 'all' ? 'held-out' : values.set;
const part = streaming
  ? ESPEAK_PARTS.find((p) => p === setName)
  : SET_PARTS.find((p) => p === setName);
if (!part) throw new Error(`--set: one of ${(streaming ? ESPEAK_PARTS : SET_PARTS).join(', ')}`);
const set: (EndOfTurnUtterance | EspeakUtterance)[] = (
  streaming && (part === 'tuned' || part === 'held-out')
    ? espeakSet(language, part)
    : endOfTurnSet(part === 'tuned' ? 'all' : part)
)
  .filter((u) => !values.kind || u.kind === values.kind)
  .slice(0, values.only ? Number(values.only) : undefined);
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const startedAt = Date.now();
const loadBefore = loadavg();

/** One rule's conversation with the relay, warmed by one turn (not measured). */
interface Talker {
  client: TalkClient;
  streamer: UtteranceStreamer;
  options: StreamOptions;
}

const recogniser: StreamingRecogniser | null = streaming
  ? await startStreamingRecogniser(wordDelayMs)
  : null;

/** The utterance's audio, told to the streaming recogniser when there is one. */
async function audioOf(u: EndOfTurnUtterance | EspeakUtterance): Promise<Float32Array> {
  if (!('by' in u)) return (await utteranceAudio(u, audioDir)).samples;
  const spoken = await spokenUtterance(u, u.speaker);
  recogniser?.hear(spoken.samples, spoken.words);
  return spoken.samples;
}

const warm = await audioOf(
  recogniser
    ? {
        kind: 'complete',
        text: language === 'nl' ? 'hallo' : 'hello',
        speaker: { voice: language === 'nl' ? 'nl' : 'en-us', rateWpm: 175 },
        by: 'espeak',
      }
    : { kind: 'complete', text: 'hello', voice: 'slt' },
);

async function talker(url: string, rule: Rule): Promise<Talker> {
  const client = await TalkClient.connect(url);
  const streamer = new UtteranceStreamer(client);
  const options: StreamOptions = {
    endOfTurn: rule === 'fixed' ? 'fixed' : { eagerness },
    prosody: rule === 'policy',
  };
  // The decoder and the voice are warm before anything is measured.
  await streamer.stream(warm, options);
  return { client, streamer, options };
}

/** Moonshine's runtime, where the bench's environment names one (see the header). */
const moonshineRuntime = process.env.MOONSHINE_RUNTIME;
const relay = await startTestRelay(
  recogniser
    ? recogniser.env
    : {
        POCKETSPHINX_SPARES: '1',
        // The test relay pins PocketSphinx alone; the bench measures what a user gets.
        ...(values.asr === undefined ? SHIPPED_RECOGNISER : { ASR_PROVIDERS: values.asr }),
        ...(moonshineRuntime === undefined ? {} : { MOONSHINE_RUNTIME: moonshineRuntime }),
      },
);
// The conversation's language: the relay tells the recogniser, `ready` the client (issue 62).
if ((await savePreferences(relay.url, { language })).status !== 200)
  throw new Error('could not save the language preference');
const outcomes: Outcome[] = [];
try {
  const rules = RULES.filter((r) => (values.rule ? values.rule.split(',').includes(r) : true));
  const talkers = new Map<Rule, Talker>();
  for (const rule of rules) talkers.set(rule, await talker(relay.wsUrl, rule));
  // Each utterance under every rule in turn, so a machine that gets busier (it is shared)
  // slows every rule alike.
  for (const [i, u] of set.entries()) {
    const samples = await audioOf(u);
    for (const rule of rules) {
      let t = talkers.get(rule) ?? (await talker(relay.wsUrl, rule));
      if (t.client.ended) {
        // One conversation ended by the relay (once, under load) must not void the rest of the
        // run: a new one, warmed the same way, and said in the output.
        console.log(`${rule}: ${endedText(t.client.ended)}; a new conversation`);
        t.client.close();
        t = await talker(relay.wsUrl, rule);
        talkers.set(rule, t);
      }
      const { client } = t;
      const reports = await t.streamer.stream(samples, t.options);
      const first = reports[0];
      const outcome: Outcome = {
        rule,
        kind: u.kind,
        voice: 'by' in u ? espeakSpeakerName(u.speaker) : speakerName(u),
        text: u.kind === 'complete' ? u.text : `${u.before} ${u.after}`,
        heard: reports.map((r) => r.transcript),
        turns: reports.length,
        endpointingMs: first?.timings.endpointingMs ?? null,
        voiceToVoiceMs: reports.length === 1 ? (first?.timings.voiceToVoiceMs ?? null) : null,
        endOfTurn: reports.at(-1)?.endOfTurn ?? null,
        firstEndOfTurn: first?.endOfTurn ?? null,
        pauseVoices: first?.pauseVoices ?? [],
        pauseWords: (client.turns.get(first?.turnId ?? -1)?.partials ?? []).flatMap((p) =>
          p.pauseSeq === undefined ? [] : [pauseReadingText(p)],
        ),
        pauseWordsAfterMs: pauseWordsAfter(client.turns.get(first?.turnId ?? -1), first),
      };
      outcomes.push(outcome);
      console.log(`${rule} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`);
    }
  }
  for (const t of talkers.values()) t.client.close();
} finally {
  await relay.close();
  await recogniser?.close();
  await closeSynthesizers();
}

const suffix = streaming
  ? `-${part}-${language}-streaming-fake`
  : `${resultSuffix(part as SetPart)}${values.asr === undefined ? '' : `-${values.asr}`}${
      moonshineRuntime === 'wasm' ? '-wasm' : ''
    }`;
const markdown = endOfTurnMarkdown(outcomes, {
  command: [
    ...(moonshineRuntime === undefined ? [] : [`MOONSHINE_RUNTIME=${moonshineRuntime}`]),
    `pnpm bench:end-of-turn --eagerness ${eagerness}`,
    ...(['only', 'rule', 'kind', 'asr'] as const).flatMap((k) =>
      values[k] ? [`--${k} ${values[k]}`] : [],
    ),
    ...(part === 'all' ? [] : [`--set ${part}`]),
    ...(streaming ? [`--language ${language} --word-delay-ms ${wordDelayMs}`] : []),
  ].join(' '),
  machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
  load: `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`,
  minutes: Math.round((Date.now() - startedAt) / 60_000),
  ...(streaming
    ? {
        setup: `Utterances of bench/end-of-turn/espeak-set.ts (${language === 'nl' ? 'Dutch' : 'English'}, the ${part} set), said by eSpeak NG's ${language === 'nl' ? 'nl' : 'en-us'} voice and five of its variants at 145–210 words a minute (paused ones said whole and cut at the pause), streamed in real time by the headless client into a relay recognising with a fake Deepgram at the network boundary (Deepgram's live protocol; the script's words at their times, each ${wordDelayMs} ms after its audio arrived), the offline responder and Flite; the user's language preference ${language}.`,
      }
    : {}),
});
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `end-of-turn-headless${suffix}.md`), markdown);
writeFileSync(
  join(values.out, `end-of-turn-headless${suffix}.json`),
  JSON.stringify(outcomes, null, 1),
);
console.log(`\n${markdown}`);
process.exit(0);

/**
 * Words, not length: backchannels and noises said over a reply should let it go on, real
 * interruptions should stop it (issue 52). Each sound of bench/barge-in/sounds.ts is said over
 * the reply to a typed question by `pnpm talk`'s full-duplex mode, in real time, into a relay
 * with the embedded providers, one session per sound.
 *
 *   pnpm bench:barge-in [--out bench/results] [--rule words|any-sound] [--set tuned|held-out]
 *                       [--only N] [--asr pocketsphinx|streaming-fake] [--language en|nl]
 *
 * The relay recognises with the shipped default (Moonshine writes, PocketSphinx listens: its
 * words as they come, Moonshine's reading of a sound over the reply once it is quiet) unless
 * `--asr pocketsphinx` asks for PocketSphinx alone (results `barge-in-…-pocketsphinx`).
 *
 * `--asr streaming-fake` (issue 62; implied by `--language nl`): the sounds of the language
 * (./espeak-sounds.ts) said by eSpeak NG's speakers of it, recognised by a fake Deepgram at the
 * network boundary that returns the script's words at their times, each `--word-delay-ms`
 * (200) after its audio; the user's language preference is saved first, so the relay tells the
 * recogniser, the offline responder answers in it and `ready` tells the client's policy.
 * Results: `barge-in-<language>-streaming-fake`.
 *
 * Prints and writes bench/results/barge-in.md and .json: false stops, missed interruptions,
 * the time from a backchannel's end until the reply is back at full level, and from an
 * interruption's onset to the cut.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BARGE_IN_RULES, pcm16ToFloat, type BargeInRule } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { speakOverReply } from '../../relay/src/talk/over-reply.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { SHIPPED_RECOGNISER } from '../../relay/test/relay-process.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { savePreferences } from '../../relay/test/clients.ts';
import { BENCH_LANGUAGES } from '../end-of-turn/espeak-set.ts';
import { speakEspeak } from '../speech/espeak.ts';
import { startStreamingRecogniser } from '../speech/streaming-recogniser.ts';
import { espeakOverReplySet } from './espeak-sounds.ts';
import { writeResult } from '../lib/write-result.ts';
import {
  histogramQuantile,
  parsePromHistogram,
  type PromHistogram,
} from '../lib/prom-histogram.ts';
import { bargeInMarkdown, summarize, type BargeInOutcome } from './report.ts';
import { overReplySet, SOUND_SETS, type OverReplySound } from './sounds.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    rule: { type: 'string', default: 'words' },
    only: { type: 'string' },
    set: { type: 'string', default: 'tuned' },
    asr: { type: 'string' },
    language: { type: 'string', default: 'en' },
    'word-delay-ms': { type: 'string', default: '200' },
    /**
     * Times the whole set is said (each sound at the same moment of its reply): the figures are
     * over every round. The cut's median over one round of 22 interruptions moves by 50 ms
     * between quiet runs of the same code (400 and 451 ms on the tuned set, 2026-11-29), where
     * two sounds' first words come 60–100 ms later across a gap in the middle of the set.
     */
    rounds: { type: 'string', default: '1' },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: a whole number, 1 or more');
const language = BENCH_LANGUAGES.find((l) => l === values.language);
if (!language) throw new Error(`--language: one of ${BENCH_LANGUAGES.join(', ')}`);
const streaming = values.asr === 'streaming-fake' || language !== 'en';
if (values.asr !== undefined && values.asr !== 'streaming-fake' && values.asr !== 'pocketsphinx')
  throw new Error('--asr: pocketsphinx or streaming-fake (absent: the shipped default)');
/** PocketSphinx alone, as the test relay pins it; else what a user gets. */
const alone = values.asr === 'pocketsphinx';
const wordDelayMs = Number(values['word-delay-ms']);
const ruleArg = BARGE_IN_RULES.find((r) => r === values.rule);
if (!ruleArg) throw new Error(`--rule: one of ${BARGE_IN_RULES.join(', ')}`);
const rule: BargeInRule = ruleArg;
const soundSet = SOUND_SETS.find((s) => s === values.set);
if (!soundSet) throw new Error(`--set: one of ${SOUND_SETS.join(', ')}`);
/** The offline responder's answer to it lasts well past the latest sound (~10 s of speech). */
const QUESTION = language === 'nl' ? 'wat kun je allemaal doen' : 'what can you do';
const set = (streaming ? espeakOverReplySet(language, soundSet) : overReplySet(soundSet)).slice(
  0,
  values.only ? Number(values.only) : undefined,
);
const recogniser = streaming ? await startStreamingRecogniser(wordDelayMs) : null;
const startedAt = Date.now();
const machine = machineInfo();

async function samplesOf(sound: OverReplySound): Promise<Float32Array> {
  if (sound.kind === 'noise') return sound.make();
  if (sound.speaker) {
    // The recogniser is told what the speech says, where (the fake hears it by its samples).
    const speech = await speakEspeak(sound.text, sound.speaker);
    recogniser?.hear(speech.samples, speech.words);
    return speech.samples;
  }
  const speech = await synthesizeSpeech(sound.text, {
    voice: sound.voice,
    leadingSilenceMs: 0,
    trailingSilenceMs: 0,
  });
  return pcm16ToFloat(speech.samples);
}

const relay = await startTestRelay(
  recogniser ? recogniser.env : { POCKETSPHINX_SPARES: '1', ...(alone ? {} : SHIPPED_RECOGNISER) },
);
// The conversation's language: the relay tells the recogniser, `ready` the client (issue 62).
if ((await savePreferences(relay.url, { language })).status !== 200)
  throw new Error('could not save the language preference');
const outcomes: BargeInOutcome[] = [];
// One session for the whole run, turn after turn (the relay limits new conversations).
const client = await TalkClient.connect(relay.wsUrl);
let nextTurnId = 1;
let nextSeq = 0;
/** Says `sound` over a fresh reply, `atMs` into it. */
async function trial(sound: OverReplySound, atMs: number): Promise<BargeInOutcome> {
  const samples = await samplesOf(sound);
  const question = nextTurnId;
  const turnId = question + 1;
  nextTurnId += 2;
  client.send({ type: 'user.text', turnId: question, text: QUESTION });
  const waitUntil = Date.now() + 30_000;
  while (client.turns.get(question)?.firstAudioAtMs == null) {
    if (Date.now() > waitUntil) throw new Error('no reply audio in 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  const r = await speakOverReply(client, samples, {
    replyTurnId: question,
    turnId,
    firstSeq: nextSeq,
    atMs,
    rule,
  });
  nextSeq = r.nextSeq;
  await client.waitForTurn(question, 30_000);
  // A stop is a turn of its own: answered before the next question.
  if (r.action === 'stop') await client.waitForTurn(turnId, 30_000);
  return {
    kind: sound.kind,
    voice: sound.kind === 'noise' ? '–' : sound.voice,
    text: sound.text,
    heard: r.words,
    partials: r.partials.map((p) => p.text),
    partialMs: r.partials.map((p) => Math.round(p.afterOnsetMs)),
    partialSpotted: r.partials.map((p) => p.spotted ?? []),
    partialCoveredMs: r.partials.map((p) =>
      p.coveredMs === undefined ? null : Math.round(p.coveredMs),
    ),
    chunkSentMs: Array.from(r.chunkSentMs, (ms) => (ms == null ? null : Math.round(ms))),
    onsetInFileMs: r.onsetInFileMs,
    action: r.action,
    reason: r.reason,
    onsetToStopMs: r.onsetToStopMs,
    endToResumeMs: r.endToResumeMs,
    atMs,
  };
}

/** The relay's own hand-off of each microphone chunk to the recogniser, over the run. */
let handOff: PromHistogram | null = null;
try {
  // One sound first: the decoder and the voice are warm before anything is measured.
  const warm = set.find((s) => s.kind === 'backchannel') ?? {
    kind: 'backchannel',
    text: 'okay',
    voice: 'slt',
  };
  await trial(warm, 500);
  for (let round = 1; round <= rounds; round++)
    for (const [i, sound] of set.entries()) {
      const outcome = await trial(sound, 400 + (i % 4) * 200);
      outcomes.push(outcome);
      const of = rounds === 1 ? '' : `round ${round}/${rounds}, `;
      console.log(`${of}${i + 1}/${set.length} ${JSON.stringify(outcome)}`);
    }
} finally {
  handOff = await fetch(`${relay.url}/metrics`)
    .then((r) => r.text())
    .then((text) => parsePromHistogram(text, 'parley_chunk_relay_seconds'))
    .catch(() => null);
  client.close();
  await relay.close();
  await recogniser?.close();
  await closeSynthesizers();
}

const markdown = bargeInMarkdown(outcomes, {
  command: ['pnpm bench:barge-in', ...(values.rule === 'words' ? [] : [`--rule ${values.rule}`])]
    .concat(soundSet === 'tuned' ? [] : [`--set ${soundSet}`])
    .concat(values.only ? [`--only ${values.only}`] : [])
    .concat(rounds === 1 ? [] : [`--rounds ${rounds}`])
    .concat(
      streaming
        ? [`--asr streaming-fake --language ${language} --word-delay-ms ${wordDelayMs}`]
        : alone
          ? ['--asr pocketsphinx']
          : [],
    )
    .join(' '),
  rule,
  ...(!streaming && !alone
    ? {
        setup:
          'the embedded providers (the default recogniser: PocketSphinx word by word, Moonshine reading a sound over the reply once it is quiet; the offline responder, Flite)',
      }
    : {}),
  ...(streaming
    ? {
        setup: `a fake Deepgram at the network boundary (Deepgram's live protocol; the script's words at their times, each ${wordDelayMs} ms after its audio arrived), the offline responder and the voice chain; the sounds said by eSpeak NG's ${language === 'nl' ? 'nl' : 'en-us'} voice and five of its variants at 145–210 words a minute; the user's language preference ${language}`,
      }
    : {}),
  machine: describeMachine(machine),
  load: `${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
  ...(handOff === null || handOff.count === 0
    ? {}
    : {
        timing: [
          `The relay hands a chunk to the recogniser ${(histogramQuantile(handOff, 0.5) * 1000).toFixed(2)} ms (median; p99 ${(histogramQuantile(handOff, 0.99) * 1000).toFixed(2)} ms; interpolated in the histogram's buckets) after its message reached the connection (\`parley_chunk_relay_seconds\`, ${handOff.count} chunks).`,
        ],
      }),
  minutes: Math.round((Date.now() - startedAt) / 60_000),
});
mkdirSync(values.out, { recursive: true });
const name = [
  'barge-in',
  ...(rule === 'words' ? [] : [rule]),
  ...(soundSet === 'tuned' || language === 'nl' ? [] : [soundSet]),
  ...(streaming ? [language, 'streaming-fake'] : []),
  ...(alone ? ['pocketsphinx'] : []),
].join('-');
await writeResult(join(values.out, `${name}.md`), markdown);
writeFileSync(
  join(values.out, `${name}.json`),
  JSON.stringify({ summary: summarize(outcomes), outcomes }, null, 1),
);
console.log(`\n${markdown}`);
process.exit(0);

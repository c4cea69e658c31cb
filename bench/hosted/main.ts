/**
 * Fast with hosted models (issue 50): the end-of-turn set's complete questions said to a relay
 * whose language model and voice are a local server speaking OpenAI's protocol, waiting as a
 * hosted one does before its first token and its first speech byte — so what the embedded
 * providers hide (their first token in ~0 ms) shows: when the answer's request starts.
 *
 *   pnpm bench:hosted [--latency 400/200,150/100] [--rule fixed,policy] [--only N] [--out DIR]
 *
 * Per latency setting and rule: voice to voice (end of speech in the file → first reply audio
 * received; median, p90), utterance.end → first audio, where the time goes (end of speech → the
 * answer's LLM request reaching the provider; that request → the first TTS request), the
 * providers' floor, and LLM requests per answered turn (speculation included).
 *
 *   pnpm bench:hosted --asr streaming-fake --language en|nl [--latency 400/200] [--rule …]
 *     [--only N] [--word-delay-ms 200]
 *
 * Per language instead (issue 62, item 5; results `hosted-<language>-streaming-fake.md`): the
 * held-out end-of-turn set's finished sentences of that language said by eSpeak NG's speakers
 * of it and recognised by a fake Deepgram at the network boundary (./languages.ts), the user's
 * language preference saved first.
 *
 *   pnpm bench:hosted --connect-ms 150 [--https] [--modes warm,cold,node] [--pause-ms N] …
 *
 * Connection set-up instead (hosted-connections.md): the fake makes each new connection wait
 * `--connect-ms` (a distant API's TCP and TLS set-up), over HTTPS with `--https`; each question
 * is said as a session's first turn (its connections closed before) and again as the next turn,
 * `--pause-ms` later, with the relay's connections opened ahead (`warm`), only kept alive
 * (`cold`) or kept as node's fetch keeps them (`node`, 4 s).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet } from '../end-of-turn/utterances.ts';
import { writeResult } from '../lib/write-result.ts';
import { BENCH_LANGUAGES } from '../end-of-turn/espeak-set.ts';
import { runConnections } from './connections.ts';
import { LANGUAGE_REPLIES, runLanguage } from './languages.ts';
import { connectionsMarkdown, type ConnectionMode } from './connections-report.ts';
import { hostedRelayEnv, sayUtterance, startHostedFake } from './measure.ts';
import { hostedMarkdown, type HostedLatency, type HostedOutcome } from './report.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    latency: { type: 'string', default: '400/200,150/100' },
    rule: { type: 'string', default: 'fixed,policy' },
    only: { type: 'string', default: '12' },
    'connect-ms': { type: 'string' },
    https: { type: 'boolean', default: false },
    modes: { type: 'string', default: 'warm,cold' },
    'pause-ms': { type: 'string', default: '0' },
    asr: { type: 'string' },
    language: { type: 'string' },
    'word-delay-ms': { type: 'string', default: '200' },
  },
});
const latencies: HostedLatency[] = values.latency.split(',').map((pair) => {
  const [firstTokenMs, firstSpeechMs] = pair.split('/').map(Number);
  if (!Number.isFinite(firstTokenMs) || !Number.isFinite(firstSpeechMs))
    throw new Error(`--latency: first-token/first-speech pairs in ms, e.g. 400/200 (not ${pair})`);
  return { firstTokenMs: firstTokenMs!, firstSpeechMs: firstSpeechMs! };
});
const rules = values.rule.split(',').map((r) => {
  if (r !== 'fixed' && r !== 'policy') throw new Error(`--rule: fixed, policy (not ${r})`);
  return r;
});
const set = endOfTurnSet()
  .filter((u) => u.kind === 'complete')
  .slice(0, Number(values.only));
/** A reply that starts with a clause before its first sentence ends, as a model's often do. */
const REPLY =
  'That is a good question, and the short answer is yes. Here is a little more detail about it.';
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const loadBefore = loadavg();
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
const load = () =>
  `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`;

if (values['connect-ms'] !== undefined) {
  const connectMs = Number(values['connect-ms']);
  const pauseMs = Number(values['pause-ms']);
  const modes = values.modes.split(',').map((m): ConnectionMode => {
    if (m !== 'warm' && m !== 'cold' && m !== 'node')
      throw new Error(`--modes: warm, cold, node (not ${m})`);
    return m;
  });
  const outcomes = await runConnections({
    latencies,
    rules,
    modes,
    connectMs,
    https: values.https,
    pauseMs,
    set,
    reply: REPLY,
    audioDir,
  });
  await closeSynthesizers();
  const markdown = connectionsMarkdown(outcomes, {
    command:
      `pnpm bench:hosted --latency ${values.latency} --rule ${values.rule} --only ${values.only} ` +
      `--connect-ms ${connectMs}${values.https ? ' --https' : ''} --modes ${values.modes} --pause-ms ${pauseMs}`,
    machine,
    load: load(),
    reply: REPLY,
    connectMs,
    https: values.https,
    pauseMs,
  });
  mkdirSync(values.out, { recursive: true });
  await writeResult(join(values.out, 'hosted-connections.md'), markdown);
  writeFileSync(join(values.out, 'hosted-connections.json'), JSON.stringify(outcomes, null, 1));
  console.log(`\n${markdown}`);
  process.exit(0);
}

if (values.asr !== undefined || values.language !== undefined) {
  const language = BENCH_LANGUAGES.find((l) => l === (values.language ?? 'en'));
  if (!language) throw new Error(`--language: one of ${BENCH_LANGUAGES.join(', ')}`);
  if ((values.asr ?? 'streaming-fake') !== 'streaming-fake')
    throw new Error('--asr: only streaming-fake, with --language');
  const wordDelayMs = Number(values['word-delay-ms']);
  const outcomes = await runLanguage({
    language,
    latencies,
    rules,
    only: Number(values.only),
    wordDelayMs,
    log: (line) => console.log(line),
  });
  await closeSynthesizers();
  const markdown = hostedMarkdown(outcomes, {
    command:
      `pnpm bench:hosted --asr streaming-fake --language ${language} --latency ${values.latency} ` +
      `--rule ${values.rule} --only ${values.only} --word-delay-ms ${wordDelayMs}`,
    machine,
    load: load(),
    reply: LANGUAGE_REPLIES[language],
    setup: `The relay recognising with a fake Deepgram at the network boundary (Deepgram's live protocol; the script's words at their times, each ${wordDelayMs} ms after its audio arrived), and a language model and voice from a local server speaking OpenAI's protocol that waits as a hosted one does before its first token and its first speech byte (then a token or an audio block every 20 ms). The held-out end-of-turn set's finished sentences in ${language === 'nl' ? 'Dutch' : 'English'} (bench/end-of-turn/espeak-set.ts), said by eSpeak NG's ${language === 'nl' ? 'nl' : 'en-us'} voice and five of its variants at 145–210 words a minute, streamed in real time by the headless client; the user's language preference ${language}.`,
  });
  mkdirSync(values.out, { recursive: true });
  const name = `hosted-${language}-streaming-fake`;
  await writeResult(join(values.out, `${name}.md`), markdown);
  writeFileSync(join(values.out, `${name}.json`), JSON.stringify(outcomes, null, 1));
  console.log(`\n${markdown}`);
  process.exit(0);
}

const outcomes: HostedOutcome[] = [];

for (const latency of latencies) {
  const fake = await startHostedFake(latency, REPLY);
  const relay = await startTestRelay(hostedRelayEnv(fake));
  try {
    for (const rule of rules) {
      const client = await TalkClient.connect(relay.wsUrl);
      const streamer = new UtteranceStreamer(client);
      const endOfTurn = rule === 'fixed' ? ('fixed' as const) : {};
      // One turn first: the decoder, the connection and the voice are warm before anything counts.
      const warm = await utteranceAudio(
        { kind: 'complete', text: 'hello', voice: 'slt' },
        audioDir,
      );
      await streamer.stream(warm.samples, { endOfTurn });
      for (const [i, u] of set.entries()) {
        const { samples } = await utteranceAudio(u, audioDir);
        const { figures } = await sayUtterance(streamer, fake, u, samples, endOfTurn);
        const outcome: HostedOutcome = { latency, rule, ...figures };
        outcomes.push(outcome);
        console.log(
          `${latency.firstTokenMs}/${latency.firstSpeechMs} ${rule} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`,
        );
      }
      client.close();
    }
  } finally {
    await relay.close();
    await fake.close();
  }
}
await closeSynthesizers();

const markdown = hostedMarkdown(outcomes, {
  command: `pnpm bench:hosted --latency ${values.latency} --rule ${values.rule} --only ${values.only}`,
  machine,
  load: load(),
  reply: REPLY,
});
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'hosted.md'), markdown);
writeFileSync(join(values.out, 'hosted.json'), JSON.stringify(outcomes, null, 1));
console.log(`\n${markdown}`);
process.exit(0);

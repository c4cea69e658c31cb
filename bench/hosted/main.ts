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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { startFakeOpenAi } from '../../relay/test/fakes/openai-server.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet } from '../end-of-turn/utterances.ts';
import { writeResult } from '../lib/write-result.ts';
import { hostedMarkdown, type HostedLatency, type HostedOutcome } from './report.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    latency: { type: 'string', default: '400/200,150/100' },
    rule: { type: 'string', default: 'fixed,policy' },
    only: { type: 'string', default: '12' },
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
const KEY = 'sk-bench-hosted-0123456789';
/** A reply that starts with a clause before its first sentence ends, as a model's often do. */
const REPLY =
  'That is a good question, and the short answer is yes. Here is a little more detail about it.';
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const loadBefore = loadavg();
const outcomes: HostedOutcome[] = [];

for (const latency of latencies) {
  const fake = await startFakeOpenAi({ apiKey: KEY });
  fake.intervalMs = 20;
  fake.reply = () => REPLY;
  fake.setFault('chat', { kind: 'latency', ms: latency.firstTokenMs });
  fake.setFault('speech', { kind: 'latency', ms: latency.firstSpeechMs });
  const relay = await startTestRelay({
    LLM_PROVIDERS: 'openai',
    TTS_PROVIDERS: 'openai',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: fake.baseUrl,
    HEALTH_PROBE_INTERVAL_S: '0',
    POCKETSPHINX_SPARES: '1',
  });
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
        const chatBefore = fake.received('chat').length;
        const speechBefore = fake.received('speech').length;
        const { samples } = await utteranceAudio(u, audioDir);
        const reports = await streamer.stream(samples, { endOfTurn });
        const chats = fake.received('chat').slice(chatBefore);
        const speech = fake.received('speech').slice(speechBefore);
        const first = reports[0];
        const end = first?.speechEndAtMs ?? null;
        // The answer's request: the last one made before the first TTS request (a restarted
        // speculation's, else the only one).
        const firstTts = speech[0]?.atMs ?? null;
        const answered = chats.filter((c) => firstTts === null || c.atMs <= firstTts).at(-1);
        const after = (at: number | undefined) =>
          end === null || at === undefined ? null : Math.round(at - end);
        const outcome: HostedOutcome = {
          latency,
          rule,
          text: u.text,
          voice: u.voice,
          heard: reports.map((r) => r.transcript).join(' | '),
          turns: reports.length,
          voiceToVoiceMs: reports.length === 1 ? (first?.timings.voiceToVoiceMs ?? null) : null,
          endToFirstAudioMs: first?.timings.endToFirstAudioMs ?? null,
          endpointingMs: first?.timings.endpointingMs ?? null,
          llmRequests: chats.length,
          firstRequestAfterSpeechMs: after(chats[0]?.atMs),
          answeredRequestAfterSpeechMs: after(answered?.atMs),
          requestToSpeechRequestMs:
            answered && firstTts !== null ? Math.round(firstTts - answered.atMs) : null,
        };
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
  machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
  load: `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`,
  reply: REPLY,
});
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'hosted.md'), markdown);
writeFileSync(join(values.out, 'hosted.json'), JSON.stringify(outcomes, null, 1));
console.log(`\n${markdown}`);
process.exit(0);

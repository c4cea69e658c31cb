/**
 * The voice around a tool call (issue 48, part 4): the same spoken questions said to a relay at
 * hosted latencies (bench:hosted's fake: OpenAI's protocol, 400 ms to the first token, 200 ms to
 * the first speech byte) under four scenarios — the model answers; it calls the built-in
 * calculator first (a tool round); it calls server-everything's 2 s long-running operation (stdio,
 * from npm) with the progress line spoken, or with the earcon chosen.
 *
 *   pnpm bench:tools [--latency 400/200] [--only N] [--out DIR]
 *
 * Per scenario: voice to voice (end of speech in the file → first reply audio), end of speech →
 * the answer's own audio, the longest silence heard (audio played as it arrives), end of speech →
 * `tool.progress`, and language-model requests per turn.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { preferencesResponse, type ToolProgress } from '@parley/shared';
import { TalkClient, type TurnRecord } from '../../relay/src/talk/client.ts';
import { heardSilences } from '../../relay/src/talk/heard-silence.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import type { FakeLlmStep } from '../../relay/test/fakes/llm-script.ts';
import type { FakeChatMessage } from '../../relay/test/fakes/openai-server.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay, type TestRelay } from '../../relay/test/harness.ts';
import { addMcpServer, EVERYTHING, sendJson } from '../../relay/test/mcp-kit.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet } from '../end-of-turn/utterances.ts';
import { hostedRelayEnv, startHostedFake } from '../hosted/measure.ts';
import { writeResult } from '../lib/write-result.ts';
import { toolsMarkdown, type ToolOutcome, type ToolScenario } from './report.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    latency: { type: 'string', default: '400/200' },
    only: { type: 'string', default: '8' },
  },
});
const [firstTokenMs, firstSpeechMs] = values.latency.split('/').map(Number);
if (!Number.isFinite(firstTokenMs) || !Number.isFinite(firstSpeechMs))
  throw new Error(`--latency: first-token/first-speech in ms, e.g. 400/200`);
const set = endOfTurnSet()
  .filter((u) => u.kind === 'complete')
  .slice(0, Number(values.only));
const REPLY = 'It is seven million and six thousand, six hundred and fifty two.';
const SCENARIO_ORDER: ToolScenario[] = ['none', 'fast', 'slow-spoken', 'slow-earcon'];
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const loadBefore = loadavg();
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;

/** What the model says to the question under `scenario` (`slow`: the 2 s tool's name). */
function answerer(scenario: ToolScenario, slow: string) {
  return (messages: FakeChatMessage[]): FakeLlmStep => {
    if (scenario === 'none' || messages.at(-1)?.role === 'tool') return { text: REPLY };
    if (scenario === 'fast')
      return { toolCalls: [{ name: 'calculate', arguments: '{"expression":"1,234 * 5,678"}' }] };
    return { toolCalls: [{ name: slow, arguments: '{"duration":2,"steps":2}' }] };
  };
}

async function choose(relay: TestRelay, progress: ToolProgress): Promise<void> {
  const now = preferencesResponse.parse(await (await fetch(`${relay.url}/api/preferences`)).json());
  await sendJson(relay, '/api/preferences', 'PUT', { ...now.preferences, toolProgress: progress });
}

/** When the audio from sample `from` on arrived (epoch ms), by the turn's arrivals. */
function arrivalOf(t: TurnRecord, fromMs: number): number | null {
  let played = 0;
  for (const a of t.audioArrivals) {
    if (played + a.durationMs > fromMs) return a.atMs;
    played += a.durationMs;
  }
  return null;
}

/** A turn's figures, timed from the end of speech in the file. */
function figures(client: TalkClient, t: TurnRecord, speechEndAtMs: number) {
  const heard = heardSilences(speechEndAtMs, t.audioArrivals);
  const rate = client.ready.outputSampleRateHz;
  const answer = t.segments.find((s) => s.text !== '');
  const answerAt = answer ? arrivalOf(t, (answer.startSample * 1000) / rate) : null;
  const of = (type: string) =>
    client.received.find((m) => m.type === type && 'turnId' in m && m.turnId === t.turnId);
  const progress = of('tool.progress');
  const call = of('tool.call');
  const result = of('tool.result');
  return {
    // While the tool ran: from its call to its result, audio said before it playing on.
    toolSilenceMs:
      call?.type === 'tool.call' && result?.type === 'tool.result'
        ? heardSilences(call.startedAtMs, t.audioArrivals, result.endedAtMs).longestMs
        : null,
    voiceToVoiceMs: heard.firstAudioMs,
    answerAudioMs: answerAt === null ? null : Math.round(answerAt - speechEndAtMs),
    longestSilenceMs: heard.longestMs,
    progressMs:
      progress?.type === 'tool.progress' ? Math.round(progress.atMs - speechEndAtMs) : null,
  };
}

const fake = await startHostedFake(
  { firstTokenMs: firstTokenMs!, firstSpeechMs: firstSpeechMs! },
  REPLY,
);
const relay = await startTestRelay({ ...hostedRelayEnv(fake), MCP_STDIO_COMMANDS: EVERYTHING });
const outcomes: ToolOutcome[] = [];
try {
  const operation = 'trigger-long-running-operation';
  const slow = (
    await addMcpServer(relay, { transport: 'stdio', name: 'everything', command: EVERYTHING }, [
      operation,
    ])
  )[operation]!;
  for (const scenario of SCENARIO_ORDER) {
    await choose(relay, scenario === 'slow-earcon' ? 'earcon' : 'spoken');
    fake.answer = answerer(scenario, slow);
    const client = await TalkClient.connect(relay.wsUrl);
    const streamer = new UtteranceStreamer(client);
    // One turn first: the decoder, the connections, the voice and the tool's server are warm.
    const warm = await utteranceAudio({ kind: 'complete', text: 'hello', voice: 'slt' }, audioDir);
    await streamer.stream(warm.samples, { endOfTurn: 'fixed' });
    for (const [i, u] of set.entries()) {
      const { samples } = await utteranceAudio(u, audioDir);
      const chatsBefore = fake.received('chat').length;
      const reports = await streamer.stream(samples, { endOfTurn: 'fixed' });
      const first = reports[0];
      const record = first ? client.turns.get(first.turnId) : undefined;
      if (!first || !record || first.speechEndAtMs === null || reports.length !== 1) {
        console.log(`${scenario} ${i + 1}/${set.length}: not one turn (${reports.length})`);
        continue;
      }
      const outcome: ToolOutcome = {
        scenario,
        text: u.text,
        voice: u.voice,
        ...figures(client, record, first.speechEndAtMs),
        llmRequests: fake.received('chat').length - chatsBefore,
      };
      outcomes.push(outcome);
      console.log(`${scenario} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`);
    }
    client.close();
  }
} finally {
  await relay.close();
  await fake.close();
  await closeSynthesizers();
}

const load = `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
  .map((x) => x.toFixed(1))
  .join(' ')} after`;
const markdown = toolsMarkdown(outcomes, {
  command: `pnpm bench:tools --latency ${values.latency} --only ${values.only}`,
  machine,
  load,
  latency: values.latency,
  reply: REPLY,
});
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'tools.md'), markdown);
writeFileSync(join(values.out, 'tools.json'), JSON.stringify(outcomes, null, 1));
console.log(`\n${markdown}`);
process.exit(0);

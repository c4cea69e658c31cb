/**
 * Fault scenarios of `pnpm bench:providers`: two OpenAI-compatible providers, `alpha` then
 * `beta` (local fakes speaking OpenAI's protocol), in front of every stage of a real relay,
 * with faults injected into alpha one stage at a time; turns spoken by the headless client.
 * What is measured: end of speech (utterance.end sent) → first reply audio and → turn.done,
 * which provider served each stage, and the ledger rows the turn left.
 */
import { CHUNK_SAMPLES, type ServedBy } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';
import type { Fault } from '../../relay/test/fakes/faults.ts';
import { type FakeOpenAi, type OpenAiRoute } from '../../relay/test/fakes/openai-server.ts';
import {
  ledger,
  servedBy,
  startOpenAiPair,
  type LedgerRow,
} from '../../relay/test/fakes/openai-pair.ts';
import type { TestRelay } from '../../relay/test/harness.ts';

interface Pair {
  alpha: FakeOpenAi;
  beta: FakeOpenAi;
  relay: TestRelay;
  client: TalkClient;
  /** A new session (so that rows do not share a growing history). */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

/** Both fakes, a relay with `alpha,beta` for every stage (default timeouts unless `env`). */
async function startPair(env: Record<string, string> = {}): Promise<Pair> {
  const { alpha, beta, relay } = await startOpenAiPair({
    ASR_PROVIDERS: 'alpha,beta',
    LLM_PROVIDERS: 'alpha,beta',
    TTS_PROVIDERS: 'alpha,beta',
    HEALTH_PROBE_INTERVAL_S: '0',
    MESSAGES_PER_SECOND: '1000',
    // A new session per row of the table.
    NEW_SESSIONS_PER_MINUTE: '1000',
    CONNECTIONS_PER_IP_BURST: '1000',
    CONNECTIONS_PER_IP_PER_SECOND: '100',
    ...env,
  });
  for (const fake of [alpha, beta]) {
    fake.intervalMs = 20;
    fake.transcript = 'what time is it';
  }
  const pair: Pair = {
    alpha,
    beta,
    relay,
    client: await TalkClient.connect(relay.wsUrl),
    reconnect: async () => {
      pair.client.close();
      pair.client = await TalkClient.connect(relay.wsUrl);
    },
    close: async () => {
      pair.client.close();
      await relay.close();
      await Promise.all([alpha.close(), beta.close()]);
    },
  };
  return pair;
}

/** Closes every breaker and clears every fault (a fresh start for the next row). */
function heal(pair: Pair): void {
  for (const fake of [pair.alpha, pair.beta])
    for (const route of ['chat', 'transcription', 'speech', 'models'] as const)
      fake.setFault(route, { kind: 'none' });
  const { slots } = pair.relay.providers;
  for (const slot of [...slots.asr, ...slots.llm, ...slots.tts]) slot.breaker.reset();
}

interface SpokenTurn {
  turnId: number;
  status: string | null;
  /** End of speech (utterance.end sent) → first reply audio received (ms); null: none. */
  firstAudioMs: number | null;
  /** End of speech → turn.done received (ms). */
  doneMs: number;
  servedBy: ServedBy;
  errors: string[];
  reply: string;
  ledger: LedgerRow[];
}

const now = () => performance.timeOrigin + performance.now();
let nextSeq = 0;
let nextTurn = 1;

/**
 * One spoken turn: a second of a quiet tone (what it says does not matter: the fakes transcribe
 * anything as their `transcript`), then the end of speech; waits for turn.done and for the
 * turn to be stored (its acknowledgement), then reads its ledger rows.
 */
async function speak(pair: Pair): Promise<SpokenTurn> {
  const { client, relay } = pair;
  const turnId = nextTurn++;
  const firstSeq = nextSeq;
  client.send({ type: 'utterance.start', turnId, firstSeq, speechStartAtMs: Date.now() });
  for (let i = 0; i < 10; i++) {
    const samples = new Int16Array(CHUNK_SAMPLES);
    for (let k = 0; k < samples.length; k++) samples[k] = Math.round(3000 * Math.sin(k / 7));
    client.sendChunk({ seq: nextSeq, samples, firstSample: nextSeq * CHUNK_SAMPLES }, turnId, 0);
    nextSeq++;
  }
  const lastSeq = nextSeq - 1;
  const endAt = now();
  client.send({
    type: 'utterance.end',
    turnId,
    lastSeq,
    speechEndAtMs: Date.now(),
    sentAtMs: Date.now(),
  });
  const turn = await client.waitForTurn(turnId, 120_000);
  const doneMs = now() - endAt;
  // Stored (and so in the ledger) once its audio is acknowledged.
  for (let i = 0; i < 1000 && client.connection.unackedChunks > 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  return {
    turnId,
    status: turn.status,
    firstAudioMs: turn.firstAudioAtMs === null ? null : turn.firstAudioAtMs - endAt,
    doneMs,
    servedBy: servedBy(client, turnId) ?? {},
    errors: turn.errors.map((e) => e.code),
    reply: turn.replyText,
    ledger: await ledger(relay, client.ready.sessionId, turnId),
  };
}

/** The fault kinds of the table, per stage: before any output, and (LLM, TTS) mid-stream. */
const FAULTS: readonly { name: string; fault: Fault; stages: readonly Route[] }[] = [
  {
    name: '429 + Retry-After 30',
    fault: { kind: 'status', status: 429, retryAfterS: 30 },
    stages: ['transcription', 'chat', 'speech'],
  },
  {
    name: '500',
    fault: { kind: 'status', status: 500 },
    stages: ['transcription', 'chat', 'speech'],
  },
  { name: 'hang', fault: { kind: 'hang' }, stages: ['transcription', 'chat', 'speech'] },
  {
    name: 'stall before output',
    fault: { kind: 'stall', afterChunks: 0 },
    stages: ['transcription', 'chat', 'speech'],
  },
  {
    name: 'malformed first chunk',
    fault: { kind: 'malformed', afterChunks: 0 },
    stages: ['transcription', 'chat', 'speech'],
  },
  {
    name: 'reset before output',
    fault: { kind: 'reset', afterChunks: 0 },
    stages: ['transcription', 'chat', 'speech'],
  },
  {
    name: 'stall mid-stream',
    fault: { kind: 'stall', afterChunks: 3 },
    stages: ['chat', 'speech'],
  },
  {
    name: 'reset mid-stream',
    fault: { kind: 'reset', afterChunks: 3 },
    stages: ['chat', 'speech'],
  },
];

type Route = Extract<OpenAiRoute, 'transcription' | 'chat' | 'speech'>;
const STAGE_OF: Record<Route, string> = { transcription: 'asr', chat: 'llm', speech: 'tts' };

const ms = (x: number | null) => (x === null ? '—' : `${(x / 1000).toFixed(2)} s`);
const unitsText = (units: LedgerRow['units']) => JSON.stringify(units).replace(/[{}"]/g, '');
const ledgerText = (rows: readonly LedgerRow[]) =>
  rows.map((r) => `${r.stage} ${r.provider} ${unitsText(r.units)} ${r.costMicros} µ$`).join('; ') ||
  'none';
const servedText = (s: SpokenTurn['servedBy']) =>
  `${s.asr ?? '—'} / ${s.llm ?? '—'} / ${s.tts ?? '—'}`;

/** Faults of both providers of a stage at once (a whole-stage outage). */
const OUTAGES: readonly { name: string; fault: Fault }[] = [
  { name: 'both 500', fault: { kind: 'status', status: 500 } },
  { name: 'both hang', fault: { kind: 'hang' } },
];

/** The fault × stage table (markdown), each row on fresh breakers and a new session. */
export async function faultTable(): Promise<string[]> {
  const pair = await startPair();
  const lines = [
    '| stage | fault | end of speech → first audio | → turn done | served by (asr / llm / tts) | status, errors | ledger rows |',
    '|---|---|---|---|---|---|---|',
  ];
  const run = async (stage: string, name: string, faults: () => void) => {
    heal(pair);
    await pair.reconnect();
    faults();
    lines.push(row(stage, name, await speak(pair)));
  };
  try {
    await run('all', 'none', () => undefined);
    for (const { name, fault, stages } of FAULTS) {
      for (const route of stages)
        await run(STAGE_OF[route], `alpha: ${name}`, () => pair.alpha.setFault(route, fault));
    }
    for (const { name, fault } of OUTAGES) {
      for (const route of ['transcription', 'chat', 'speech'] as const) {
        await run(STAGE_OF[route], name, () => {
          pair.alpha.setFault(route, fault);
          pair.beta.setFault(route, fault);
        });
      }
    }
  } finally {
    await pair.close();
  }
  return lines;
}

function row(stage: string, fault: string, t: SpokenTurn): string {
  const outcome = [t.status ?? '?', ...t.errors].join(', ');
  return `| ${stage} | ${fault} | ${ms(t.firstAudioMs)} | ${ms(t.doneMs)} | ${servedText(t.servedBy)} | ${outcome} | ${ledgerText(t.ledger)} |`;
}

/** A three-sentence reply whose primary voice hangs: the turn's total time. */
export async function threeSentences(): Promise<string[]> {
  const pair = await startPair();
  try {
    for (const fake of [pair.alpha, pair.beta])
      fake.reply = () => 'It is noon. The sun is high. Enjoy your lunch.';
    heal(pair);
    const healthy = await speak(pair);
    heal(pair);
    pair.alpha.setFault('speech', { kind: 'hang' });
    const before = pair.alpha.received('speech').length;
    const hung = await speak(pair);
    return [
      `  healthy voice: first audio ${ms(healthy.firstAudioMs)}, turn done ${ms(healthy.doneMs)}`,
      `  primary voice hangs (TTS_FIRST_AUDIO_TIMEOUT_S 10): first audio ${ms(hung.firstAudioMs)}, ` +
        `turn done ${ms(hung.doneMs)}, alpha asked ${pair.alpha.received('speech').length - before} ` +
        `time(s), voice ${hung.servedBy.tts ?? '—'}; ledger: ${ledgerText(hung.ledger.filter((r) => r.stage === 'tts'))}`,
    ];
  } finally {
    await pair.close();
  }
}

/**
 * A whole-stage outage: both LLMs hang, with the default timeouts and breaker; turns back to
 * back. Then the same with probes every 2 s while alpha's chat answers 500 and its `/models`
 * answers fine: how often user turns still ask alpha, and what the status page says.
 */
export async function outage(turns = 6): Promise<string[]> {
  const lines: string[] = [];
  const pair = await startPair();
  try {
    heal(pair);
    pair.alpha.setFault('chat', { kind: 'hang' });
    pair.beta.setFault('chat', { kind: 'hang' });
    const times: string[] = [];
    for (let i = 0; i < turns; i++) {
      const t = await speak(pair);
      times.push(`${ms(t.doneMs)} (${t.status})`);
    }
    lines.push(
      `  both LLMs hang, ${turns} turns back to back, end of speech → turn done: ${times.join(', ')}`,
    );
  } finally {
    await pair.close();
  }
  const probed = await startPair({ HEALTH_PROBE_INTERVAL_S: '2', BREAKER_COOLDOWN_S: '4' });
  try {
    heal(probed);
    probed.alpha.setFault('chat', { kind: 'status', status: 500 });
    // A trial (relay's own minimal request) asks one short question; a user turn carries the
    // transcript the fakes make of the speech.
    const userChats = () =>
      probed.alpha.chatBodies().filter((b) => b.messages.at(-1)?.content === 'what time is it')
        .length;
    const asked: number[] = [];
    const health: string[] = [];
    for (let i = 0; i < turns; i++) {
      const before = userChats();
      await speak(probed);
      asked.push(userChats() - before);
      const alpha = probed.relay.providers.status().find((p) => p.id === 'alpha:chat');
      health.push(alpha?.health ?? '?');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const others = probed.alpha.chatBodies().length - userChats();
    lines.push(
      `  alpha's chat answers 500, its /models 200, probes every 2 s, cool-down 4 s, a turn a second:`,
      `    user turns' chat requests to alpha: ${asked.join(', ')}; alpha's health after each: ${health.join(', ')}; other chat requests to alpha (background trials): ${others}`,
    );
  } finally {
    await probed.close();
  }
  return lines;
}

/**
 * One abusive user against one normal talker, on a real relay process with the embedded
 * providers (PocketSphinx, the offline responder, Flite) — issue 20 item 2.
 *
 *   pnpm bench:abuse [--turns 10] [--port 8822] [--label after]
 *                    [--conditions quiet,churn,stream,flood]
 *
 * The normal talker speaks short phrases in real time (the headless client's endpointer, as
 * `pnpm talk` does) and its voice-to-voice is timed: end of speech → first reply audio. First
 * with the relay quiet, then while the abusive user, on as many connections as it may open
 * (`MAX_SESSIONS_PER_USER`), uses each one to the limit:
 * - `churn`: `utterance.start` + one frame + `utterance.cancel` at 45 messages/s per connection
 *   (under `MESSAGES_PER_SECOND`: issue 20's pattern);
 * - `stream`: speech in real time (the most audio the real-time guard lets through), one 3 s
 *   utterance after another, each ended, recognised and answered;
 * - `flood`: a resume per second (`CONNECTIONS_PER_IP_PER_SECOND`), each sending 25 s of speech
 *   at once (the real-time guard's catch-up allowance starts afresh on every connection).
 * Meanwhile a monitor reads `/health` every 500 ms and a new user opens a session every 2 s.
 * Every relay setting keeps its default except the per-IP connection limits, raised because
 * every simulated user comes from 127.0.0.1 here.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { pcm16ToFloat, percentile } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer, type TurnReport } from '../../relay/src/talk/stream.ts';
import { RELIABLE_PHRASES } from '../../relay/test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { freePort, RelayProcess } from '../../relay/test/relay-process.ts';
import { signHs256 } from '../lib/jwt.ts';
import { median, round, worst } from '../lib/stats.ts';
import { writeResult } from '../lib/write-result.ts';
import { Abuser, type AbuseMode } from './abusers.ts';
import { FloodAbuser } from './flood.ts';
import { childPid, DecoderCensus } from './decoder-census.ts';
import { Probes } from './probes.ts';

type Condition = 'quiet' | AbuseMode | 'flood';

const { values: args } = parseArgs({
  options: {
    turns: { type: 'string', default: '10' },
    port: { type: 'string' },
    label: { type: 'string', default: 'after' },
    conditions: { type: 'string', default: 'quiet,churn,stream,flood' },
  },
});
const TURNS = Number(args.turns);
const CONDITIONS = args.conditions.split(',') as Condition[];
/** Abusive connections: as many sessions as one user may hold (the default cap). */
const ABUSIVE_CONNECTIONS = 3;
/** Messages per second per abusive connection, under the default `MESSAGES_PER_SECOND` (50). */
const CHURN_MESSAGES_PER_SECOND = 45;
const STREAM_UTTERANCE_MS = 3_000;
/** `flood`: a resume per second (the sustained `CONNECTIONS_PER_IP_PER_SECOND`), 25 s of speech each. */
const FLOOD_PERIOD_MS = 1_000;
const FLOOD_MS = 25_000;
/** Abuse before the talker's first timed turn (the relay reaches its steady state). */
const WARMUP_MS = 4_000;

const secret = randomBytes(32).toString('hex');
const tokenFor = (user: string) => signHs256(user, secret);
const port = args.port ? Number(args.port) : await freePort();
const relay = new RelayProcess(port, {
  AUTH_MODE: 'jwt',
  JWT_SECRET: secret,
  ALLOWED_ORIGINS: 'http://127.0.0.1',
  LOG_LEVEL: 'error',
  // Every simulated user connects from 127.0.0.1: without this, the newcomers' connection
  // attempts would count against the abuser's address.
  CONNECTIONS_PER_IP_BURST: '10000',
  CONNECTIONS_PER_IP_PER_SECOND: '1000',
});
await relay.start(60_000);
const relayPid = childPid('relay/src/main.ts');

const phrases = await Promise.all(
  RELIABLE_PHRASES.map(async (p) => ({
    ...p,
    audio: pcm16ToFloat(
      (await synthesizeSpeech(p.text, { leadingSilenceMs: 400, trailingSilenceMs: 900 })).samples,
    ),
  })),
);
const abuseSpeech = (
  await synthesizeSpeech(RELIABLE_PHRASES.map((p) => p.text).join(' '), {
    leadingSilenceMs: 0,
    trailingSilenceMs: 0,
  })
).samples;

const talker = await TalkClient.connect(relay.wsUrl, { token: tokenFor('talker') });
const streamer = new UtteranceStreamer(talker);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The talker's turns: one untimed to warm up, then `TURNS` timed. */
async function talk(): Promise<{ reports: TurnReport[]; heard: number }> {
  const reports: TurnReport[] = [];
  let heard = 0;
  for (let i = -1; i < TURNS; i++) {
    const phrase = phrases[(i + phrases.length) % phrases.length];
    if (!phrase) throw new Error('no phrase');
    const turns = await streamer.stream(phrase.audio, { replyTimeoutMs: 60_000 });
    await sleep(300);
    if (i < 0) continue;
    reports.push(...turns);
    if (turns.some((t) => t.transcript === phrase.transcript)) heard++;
  }
  return { reports, heard };
}

const summarize = (xs: readonly number[]) => {
  const finite = xs.filter(Number.isFinite);
  return {
    median: round(median(finite)),
    p90: round(percentile(finite, 0.9)),
    max: round(worst(finite)),
    n: finite.length,
    failed: xs.length - finite.length,
  };
};

async function run(condition: Condition) {
  const abusers: (Abuser | FloodAbuser)[] = [];
  if (condition === 'flood') {
    abusers.push(
      new FloodAbuser({
        wsUrl: relay.wsUrl,
        token: tokenFor('abuser'),
        speech: abuseSpeech,
        sessions: ABUSIVE_CONNECTIONS,
        periodMs: FLOOD_PERIOD_MS,
        floodMs: FLOOD_MS,
      }),
    );
  } else if (condition !== 'quiet') {
    for (let i = 0; i < ABUSIVE_CONNECTIONS; i++)
      abusers.push(
        await Abuser.connect({
          wsUrl: relay.wsUrl,
          token: tokenFor('abuser'),
          mode: condition,
          speech: abuseSpeech,
          messagesPerSecond: CHURN_MESSAGES_PER_SECOND,
          utteranceMs: STREAM_UTTERANCE_MS,
        }),
      );
  }
  const census = new DecoderCensus(relayPid);
  const probes = new Probes({
    url: relay.url,
    wsUrl: relay.wsUrl,
    tokenFor,
    healthEveryMs: 500,
    sessionEveryMs: 2_000,
  });
  census.start();
  for (const a of abusers) a.start();
  probes.start();
  const t0 = performance.now();
  await sleep(condition === 'quiet' ? 0 : WARMUP_MS);
  const { reports, heard } = await talk();
  for (const a of abusers) a.stop();
  const probed = await probes.stop();
  const decoders = census.stop();
  const seconds = (performance.now() - t0) / 1000;
  const refusals: Record<string, number> = {};
  for (const a of abusers)
    for (const [code, n] of a.refusals) refusals[code] = (refusals[code] ?? 0) + n;
  const utterances = abusers.reduce((n, a) => n + a.utterances, 0);
  await sleep(2_000); // let the abuse drain before the next condition
  return {
    condition,
    seconds: round(seconds),
    talker: {
      voiceToVoiceMs: summarize(reports.map((r) => r.timings.voiceToVoiceMs ?? NaN)),
      endToFirstAudioMs: summarize(reports.map((r) => r.timings.endToFirstAudioMs ?? NaN)),
      asrFinalMs: summarize(reports.map((r) => r.timings.asrFinalMs ?? NaN)),
      transcriptsRight: `${heard}/${TURNS}`,
      errors: reports.flatMap((r) => r.errors),
    },
    abuser: {
      utterancesPerSecond: round(utterances / seconds),
      refusals,
    },
    healthMs: summarize(probed.healthMs),
    sessionOpenMs: summarize(probed.sessionOpenMs),
    decoderProcesses: {
      seenPerSecond: round(decoders.seen / seconds),
      mostAtOnce: decoders.mostAtOnce,
    },
  };
}

const results = [];
for (const condition of CONDITIONS) {
  results.push(await run(condition));
  console.error(JSON.stringify(results.at(-1)));
}
talker.close();
await closeSynthesizers();
await relay.stop();

const quiet = results.find((r) => r.condition === 'quiet')?.talker.voiceToVoiceMs.median;
const out = {
  label: args.label,
  machine: { cores: cpus().length, node: process.version },
  command: `pnpm bench:abuse --turns ${TURNS} --conditions ${CONDITIONS.join(',')}`,
  talkerTurnsPerCondition: TURNS,
  results,
  /** The talker's median voice-to-voice under each abuse over the quiet one. */
  slowdown: Object.fromEntries(
    results
      .filter((r) => r.condition !== 'quiet' && quiet !== undefined)
      .map((r) => [r.condition, round(r.talker.voiceToVoiceMs.median / (quiet ?? NaN), 2)]),
  ),
};
console.log(JSON.stringify(out, null, 2));
await writeResult(
  new URL(`../results/abuse-${args.label}.json`, import.meta.url).pathname,
  JSON.stringify(out),
);
process.exit(0);

/**
 * Loss, not only stalls (issue 63, item 6): the headless client on the page's resilient
 * connection says complete questions in real time across a link that drops packets at random
 * and delays each one, to a relay whose language model and voice answer at hosted latencies.
 * Per loss rate × codec: lossless or not (every frame reached the relay once and in order, one
 * completed turn per utterance, N of N), voice to voice (median, p90) and the gaps heard in the
 * replies. Needs root; run through `pnpm bench:loss` (bench/loss/run.sh builds the link and
 * always removes it).
 *
 *   pnpm bench:loss [--loss 0,1,5] [--codecs opus,pcm16] [--only 12] [--rounds 3]
 *     [--out bench/results]
 *
 * The utterances are said in `--rounds` rounds, each a session per cell, the cells' order
 * reversed every other round: the machine's load (shared, it swings) falls on every cell alike.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { parseExposition } from '../../relay/test/prometheus-text.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet, type EndOfTurnUtterance } from '../end-of-turn/utterances.ts';
import { hostedRelayEnv, startHostedFake } from '../hosted/measure.ts';
import { signHs256 } from '../lib/jwt.ts';
import { writeResult } from '../lib/write-result.ts';
import type { ClientEnd, ClientLine, ClientSpec } from './client.ts';
import { lossMarkdown, summariseRun, type LossRun } from './report.ts';
import { mergeCells, type Cell, type UtteranceOutcome } from './summary.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    loss: { type: 'string', default: '0,1,5' },
    codecs: { type: 'string', default: 'opus,pcm16' },
    only: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '3' },
  },
});
const NS = process.env.LOSS_NS;
const RELAY_ADDR = process.env.LOSS_RELAY_ADDR;
const DELAY_MS = Number(process.env.LOSS_DELAY_MS);
if (!NS || !RELAY_ADDR || !Number.isFinite(DELAY_MS))
  throw new Error('Run through `pnpm bench:loss` (bench/loss/run.sh builds the link first).');
const NET = fileURLToPath(new URL('./net.sh', import.meta.url));
const CLIENT = fileURLToPath(new URL('./client.ts', import.meta.url));
const losses = values.loss.split(',').map(Number);
const codecs = values.codecs.split(',').map((c): 'opus' | 'pcm16' => {
  if (c !== 'opus' && c !== 'pcm16') throw new Error(`--codecs: opus, pcm16 (not ${c})`);
  return c;
});
/** Hosted-like latencies, as bench:hosted plays them (ms). */
const LATENCY = { firstTokenMs: 400, firstSpeechMs: 200 };
/** The reply: a clause, then two sentences (seconds of audio, as an answer's first reply is). */
const REPLY =
  'That is a good question, and the short answer is yes. Here is a little more detail about it.';
const set = endOfTurnSet()
  .filter((u) => u.kind === 'complete')
  .slice(0, Number(values.only));
const warm: EndOfTurnUtterance = { kind: 'complete', text: 'hello', voice: 'slt' };
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const uptimeBefore = uptime();
console.log(`load at start: ${uptimeBefore}`);

// The speech, made before anything is timed (the client only reads it).
for (const u of [warm, ...set]) await utteranceAudio(u, audioDir);
await closeSynthesizers();

const fake = await startHostedFake(LATENCY, REPLY);
// The relay listens on the link's far end only: the client reaches it through the loss, as a
// user on another machine, with a token (a relay in dev mode serves loopback only).
const JWT_SECRET = randomBytes(48).toString('base64');
const USER = 'bench-loss-user';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const relay = await startTestRelay({
  ...hostedRelayEnv(fake),
  HOST: RELAY_ADDR,
  AUTH_MODE: 'jwt',
  JWT_SECRET,
  ALLOWED_ORIGINS: 'http://127.0.0.1',
  ALLOWED_HOSTS: RELAY_ADDR,
  METRICS_TOKEN,
});
const wsUrl = `ws://${RELAY_ADDR}:${new URL(relay.url).port}/ws`;
const rounds = Number(values.rounds);
const order = losses.flatMap((lossPercent) => codecs.map((codec) => ({ lossPercent, codec })));
const sessions: Cell[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const said = set.filter((_, i) => i % rounds === round);
    for (const { lossPercent, codec } of round % 2 === 0 ? order : [...order].reverse()) {
      execFileSync(NET, ['loss', String(lossPercent)]);
      const framesBefore = await micFrames();
      const { utterances, end } = await runClient({
        wsUrl,
        token: signHs256(USER, JWT_SECRET),
        codec,
        warm,
        utterances: said,
        audioDir,
      });
      const framesAfter = await micFrames();
      const [inSeen = 0, inDropped = 0, outSeen = 0, outDropped = 0] = execFileSync(
        NET,
        ['counts'],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split(/\s+/)
        .map(Number);
      const saved = await relay.storage.sessions.get(USER, end.sessionId);
      const turns = saved?.turns ?? [];
      const cell: Cell = {
        lossPercent,
        codec,
        sessions: 1,
        warmTurns: 1,
        loadAfter: [Math.round((loadavg()[0] ?? 0) * 10) / 10],
        utterances,
        counts: {
          chunksSent: end.chunksSent,
          lostChunks: end.lostChunks,
          unackedChunks: end.unackedChunks,
          reconnects: end.reconnects,
          wentOffline: end.wentOffline,
          relay: {
            accepted: framesAfter.accepted - framesBefore.accepted,
            duplicate: framesAfter.duplicate - framesBefore.duplicate,
            missing: framesAfter.missing - framesBefore.missing,
          },
          storedTurns: turns.length,
          completedTurns: turns.filter((t) => t.status === 'completed').length,
          packets: { inSeen, inDropped, outSeen, outDropped },
        },
      };
      sessions.push(cell);
      const summary = summariseRun({ cells: [cell] })[0];
      console.log(
        `round ${round + 1}, ${lossPercent} % ${codec}: ${JSON.stringify(summary)} (${uptime()})`,
      );
    }
  }
} finally {
  execFileSync(NET, ['loss', '0']);
  await relay.close();
  await fake.close();
}

const run: LossRun = {
  command: `pnpm bench:loss --loss ${values.loss} --codecs ${values.codecs} --only ${values.only} --rounds ${rounds}`,
  measuredAt: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
  uptimeBefore,
  uptimeAfter: uptime(),
  delayMs: DELAY_MS,
  latency: LATENCY,
  reply: REPLY,
  rounds,
  cells: mergeCells(sessions),
};
const markdown = lossMarkdown(run);
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'loss.md'), markdown);
writeFileSync(join(values.out, 'loss.json'), JSON.stringify(run, null, 1));
console.log(`\n${markdown}`);
process.exit(0);

/** The relay's microphone frames so far, by outcome (its `/metrics`). */
async function micFrames(): Promise<{ accepted: number; duplicate: number; missing: number }> {
  const res = await fetch(`${relay.url}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const m = parseExposition(await res.text());
  const count = (outcome: string) => m.value('parley_mic_frames_total', { outcome }) ?? 0;
  return { accepted: count('accepted'), duplicate: count('duplicate'), missing: count('missing') };
}

/** Runs the client inside the namespace (at the bench's niceness) and reads its lines. */
async function runClient(
  spec: ClientSpec,
): Promise<{ utterances: UtteranceOutcome[]; end: ClientEnd }> {
  const child = spawn(
    'ip',
    ['netns', 'exec', NS ?? '', process.execPath, '--import', 'tsx', CLIENT, JSON.stringify(spec)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ClientLine);
  const end = lines.find((l): l is ClientEnd => l.type === 'end');
  if (code !== 0 || !end) throw new Error(`the client failed (exit ${code}): ${out.slice(-2000)}`);
  const utterances = lines.flatMap((l) => (l.type === 'utterance' ? [l.outcome] : []));
  return { utterances, end };
}

/**
 * The relay's own cost on the streaming path, against local servers speaking OpenAI's and
 * Anthropic's protocols (so only the relay is measured), and the time a hung primary costs.
 *
 *   pnpm bench:providers            (TURNS=100 by default)
 *
 * 1. LLM → TTS: the token that completes the first sentence leaves the fake LLM → the TTS
 *    request reaches the fake TTS server (sentence split + request). Also from the first token.
 * 2. TTS → client: the fake TTS writes its first audio bytes → the client receives the first
 *    reply audio frame (decode, resample 24 → 16 kHz, frame, WebSocket).
 * 3. Failover: LLM request → first token when the primary hangs (first-token timeout), when it
 *    answers 500, and once its breaker is open.
 * 4. Faults × stages: `alpha` then `beta` for every stage, one fault of alpha's at a time (default
 *    timeouts): end of speech → first audio and → turn done, who served, the ledger rows.
 * 5. A three-sentence reply whose primary voice hangs: the turn's total time.
 * 6. Whole-stage outage (both LLMs hang) turn after turn; probes that must not hide a provider
 *    whose real calls fail.
 *
 * `PARTS=faults,sentences` runs only those parts (streaming, failover, faults, sentences, outage).
 */
import { TalkClient } from '../relay/src/talk/client.ts';
import { startFakeAnthropic } from '../relay/test/fakes/anthropic-server.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { faultTable, outage, threeSentences } from './lib/provider-faults.ts';

const TURNS = Number(process.env.TURNS ?? 100);
const PARTS = new Set(
  (process.env.PARTS ?? 'streaming,failover,faults,sentences,outage')
    .split(',')
    .map((p) => p.trim()),
);
const KEY = 'sk-bench-0123456789';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const q = (xs: number[], p: number) =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const fmt = (xs: number[]) =>
  `median ${q(xs, 0.5).toFixed(2)} ms, p99 ${q(xs, 0.99).toFixed(2)} ms (n=${xs.length})`;

// ── 1 and 2: the streaming path ────────────────────────────────────────────────────────────
async function streamingPath(): Promise<void> {
  const openai = await startFakeOpenAi({ apiKey: KEY });
  openai.intervalMs = 20; // a token every 20 ms, like a fast hosted model
  openai.reply = () => 'Sure thing. Here is a second sentence for you to hear.';
  const relay = await startTestRelay({
    LLM_PROVIDERS: 'openai',
    TTS_PROVIDERS: 'openai',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: openai.baseUrl,
    HEALTH_PROBE_INTERVAL_S: '0',
    MESSAGES_PER_SECOND: '1000',
  });
  const client = await TalkClient.connect(relay.wsUrl);
  const sentenceToTts: number[] = [];
  const firstTokenToTts: number[] = [];
  const ttsToClient: number[] = [];
  for (let turnId = 1; turnId <= TURNS; turnId++) {
    const speechBefore = openai.received('speech').length;
    const audioBefore = openai.firstAudioAtMs.length;
    client.send({ type: 'user.text', turnId, text: `question ${turnId}` });
    const turn = await client.waitForTurn(turnId);
    if (turn.status !== 'completed') throw new Error(`turn ${turnId}: ${turn.status}`);
    const tokens = openai.tokenLog.at(-1) ?? [];
    const sentenceEnd = tokens.find((t) => t.text.includes('.'));
    const tts = openai.received('speech')[speechBefore];
    const firstAudio = openai.firstAudioAtMs[audioBefore];
    if (!sentenceEnd || !tts || firstAudio === undefined || turn.firstAudioAtMs === null) {
      throw new Error(`turn ${turnId}: missing timestamps`);
    }
    sentenceToTts.push(tts.atMs - sentenceEnd.atMs);
    firstTokenToTts.push(tts.atMs - (tokens[0]?.atMs ?? NaN));
    ttsToClient.push(turn.firstAudioAtMs - firstAudio);
  }
  client.close();
  await relay.close();
  console.log(
    `Relay streaming path (${TURNS} turns, fake OpenAI LLM at 20 ms/token, fake OpenAI TTS):`,
  );
  console.log(`  sentence complete at LLM → TTS request at server: ${fmt(sentenceToTts)}`);
  console.log(
    `  first LLM token → TTS request (includes waiting for the sentence): ${fmt(firstTokenToTts)}`,
  );
  console.log(`  first TTS byte → first audio frame at the client: ${fmt(ttsToClient)}`);
}

// ── 3: failover ─────────────────────────────────────────────────────────────────────────────
async function llmFailover(): Promise<void> {
  const openai = await startFakeOpenAi({ apiKey: KEY });
  const anthropic = await startFakeAnthropic({ apiKey: KEY });
  const timeoutS = Number(process.env.FIRST_TOKEN_TIMEOUT_S ?? 2);
  const failover = await startTestRelay({
    LLM_PROVIDERS: 'openai,anthropic',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    LLM_FIRST_TOKEN_TIMEOUT_S: String(timeoutS),
    BREAKER_FAILURES: '3',
    BREAKER_COOLDOWN_S: '600',
    HEALTH_PROBE_INTERVAL_S: '0',
  });
  const fc = await TalkClient.connect(failover.wsUrl);
  let nextTurn = 1;
  const firstToken = async () => {
    const turnId = nextTurn++;
    fc.send({ type: 'user.text', turnId, text: 'hello' });
    const turn = await fc.waitForTurn(turnId);
    return turn.relayTimings.llmFirstTokenMs ?? NaN;
  };
  const healthy: number[] = [];
  for (let i = 0; i < 10; i++) healthy.push(await firstToken());
  openai.setFault('chat', { kind: 'status', status: 500 });
  const on500 = [await firstToken()];
  for (const slot of failover.providers.slots.llm) slot.breaker.reset();
  openai.setFault('chat', { kind: 'hang' });
  const onHang: number[] = [];
  for (let i = 0; i < 3; i++) onHang.push(await firstToken()); // the third opens the breaker
  const breakerOpen: number[] = [];
  for (let i = 0; i < 10; i++) breakerOpen.push(await firstToken());
  fc.close();
  await failover.close();
  await Promise.all([openai.close(), anthropic.close()]);
  console.log(`Failover (LLM request → first token, relay-measured):`);
  console.log(`  primary healthy: ${fmt(healthy)}`);
  console.log(`  primary answers 500: ${on500.map((x) => x.toFixed(1)).join(', ')} ms`);
  console.log(
    `  primary hangs (first-token timeout ${timeoutS} s): ${onHang.map((x) => x.toFixed(1)).join(', ')} ms`,
  );
  console.log(`  breaker open, primary skipped: ${fmt(breakerOpen)}`);
}

if (PARTS.has('streaming')) await streamingPath();
if (PARTS.has('failover')) await llmFailover();
if (PARTS.has('faults')) {
  console.log(
    'Faults × stages (alpha then beta everywhere, default timeouts, fresh breakers per row):',
  );
  for (const line of await faultTable()) console.log(line);
}
if (PARTS.has('sentences')) {
  console.log('Three-sentence reply, alpha then beta voices:');
  for (const line of await threeSentences()) console.log(line);
}
if (PARTS.has('outage')) {
  console.log('Whole-stage outage and probes:');
  for (const line of await outage()) console.log(line);
}
process.exit(0);

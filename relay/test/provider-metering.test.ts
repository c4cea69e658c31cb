import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '@parley/shared';
import { estimatePromptTokens } from '../src/metering/usage.ts';
import { APOLOGY } from '../src/pipeline/turn.ts';
import type { ChatMessage } from '../src/providers/stages/llm.ts';
import { TalkClient } from '../src/talk/client.ts';
import { ledger, servedBy, startOpenAiPair, type OpenAiPair } from './fakes/openai-pair.ts';
import { PAIR_DEADLINES, Speaker, usePair } from './pair-kit.ts';
import { startFakeOpenAi } from './fakes/openai-server.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

/** Waits on the relay's timers and storage: generous, for a loaded machine. */
const POLL = { timeout: 10_000 };
/**
 * The ledger (table `usage_ledger`) is what a business reconciles against its providers'
 * invoices (issue 21 item 5, issue 20 item 6): each row names the provider that served, with
 * what it served; a call that failed everywhere leaves no row. Two fake OpenAI-compatible
 * servers, `alpha` then `beta`, priced like hosted APIs.
 */

/** A message as the fake received it, typed as the relay's. */
const asChatMessage = (m: { role: string; content: string | null }): ChatMessage => ({
  role: m.role === 'system' || m.role === 'assistant' ? m.role : 'user',
  content: m.content ?? '',
});

/** The turns stored for `client`'s session, once there are `count`. */
async function storedTurns(pair: OpenAiPair, client: TalkClient, count: number) {
  const turns = async () =>
    (await pair.relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId))?.turns ?? [];
  await expect.poll(async () => (await turns()).length, POLL).toBe(count);
  return turns();
}

describe('a recognition served by the fallback', () => {
  const ctx = usePair({ ASR_PROVIDERS: 'alpha,beta' });

  it('is billed to the fallback, speculative or not, and recorded as served by it', async () => {
    const { pair, client, speaker } = ctx;
    pair.alpha.setFault('transcription', { kind: 'status', status: 500 });
    // A pause: the relay answers speculatively (a second recognition of the audio so far),
    // then the end of the utterance decides.
    const turn = await speaker.spoken({ pauseAfterFrames: 8 });
    expect(turn.status).toBe('completed');
    expect(servedBy(client, turn.turnId)?.asr).toBe('beta:whisper');
    const asr = (await ledger(pair.relay, client.ready.sessionId, turn.turnId)).filter(
      (r) => r.stage === 'asr',
    );
    expect(asr.map((r) => [r.provider, r.speculative])).toEqual([
      ['beta:whisper', true],
      ['beta:whisper', false],
    ]);
    expect(asr.find((r) => !r.speculative)?.units).toEqual({ audioMs: 1000 });
    // alpha answered 500 to both recognitions, and is billed for neither.
    expect(pair.alpha.received('transcription')).toHaveLength(2);
    const saved = await pair.relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
    expect(saved?.turns.find((t) => t.turnId === turn.turnId)?.providers.asr).toBe('beta:whisper');
  });
});

describe('an utterance abandoned after the fallback recogniser took over', () => {
  // One failure opens a breaker: the second utterance goes to the fallback from its start.
  const ctx = usePair({ ASR_PROVIDERS: 'alpha,beta', BREAKER_FAILURES: '1' });

  /** Starts utterance `turnId` and sends it a second of a quiet tone; `end`: it ends there. */
  function speak(client: TalkClient, turnId: number, firstSeq: number, end: boolean): void {
    client.send({ type: 'utterance.start', turnId, firstSeq, speechStartAtMs: Date.now() });
    for (let seq = firstSeq; seq < firstSeq + 10; seq++) {
      const samples = new Int16Array(CHUNK_SAMPLES).map((_, k) =>
        Math.round(3000 * Math.sin(k / 7)),
      );
      client.sendChunk({ seq, samples, firstSample: seq * CHUNK_SAMPLES }, turnId, 0);
    }
    if (end)
      client.send({
        type: 'utterance.end',
        turnId,
        lastSeq: firstSeq + 9,
        speechEndAtMs: Date.now(),
        sentAtMs: Date.now(),
      });
  }

  const asrRows = async (pair: OpenAiPair, client: TalkClient, turnId: number) => {
    await expect
      .poll(async () => (await ledger(pair.relay, client.ready.sessionId, turnId)).length, POLL)
      .toBeGreaterThan(0);
    const rows = await ledger(pair.relay, client.ready.sessionId, turnId);
    return rows.filter((r) => r.stage === 'asr').map((r) => [r.provider, r.units]);
  };

  it('is billed to the fallback when the turn is interrupted while the fallback finishes it', async () => {
    const { pair, client } = ctx;
    // alpha fails the final transcript; beta, given the audio replayed, never answers.
    pair.alpha.setFault('transcription', { kind: 'status', status: 500 });
    pair.beta.setFault('transcription', { kind: 'hang' });
    speak(client, 1, 0, true);
    await expect.poll(() => pair.beta.received('transcription').length, POLL).toBe(1);
    client.send({ type: 'interrupt', turnId: 1, playedSamples: 0 });
    expect((await client.waitForTurn(1, 20_000)).status).toBe('cancelled');
    expect(await asrRows(pair, client, 1)).toEqual([['beta:whisper', { audioMs: 1000 }]]);
  });

  it('is billed to the fallback when cancelled while the fallback hears it from its start', async () => {
    const { pair, client } = ctx;
    // alpha's breaker is open since its failure: beta hears this utterance, which is cancelled.
    speak(client, 2, 10, false);
    // (After its frames on the same socket: the relay has heard all ten.)
    client.send({ type: 'utterance.cancel', turnId: 2, reason: 'user' });
    expect(await asrRows(pair, client, 2)).toEqual([['beta:whisper', { audioMs: 1000 }]]);
    expect(pair.alpha.received('transcription')).toHaveLength(1);
  });
});

describe('calls that failed everywhere', () => {
  const ctx = usePair({ LLM_PROVIDERS: 'alpha,beta', TTS_PROVIDERS: 'alpha,beta' });

  it('leave no LLM row when no language model answered', async () => {
    const { pair, client, speaker } = ctx;
    pair.alpha.setFault('chat', { kind: 'status', status: 500 });
    pair.beta.setFault('chat', { kind: 'hang' });
    const turn = await speaker.typed('anyone there');
    expect(turn.replyText).toBe(APOLOGY);
    expect(pair.alpha.received('chat')).toHaveLength(1);
    expect(pair.beta.received('chat')).toHaveLength(1);
    const turns = await storedTurns(pair, client, 1);
    const rows = await ledger(pair.relay, client.ready.sessionId, turn.turnId);
    // The apology is spoken by the embedded voice (free, metered in units); no LLM was served.
    expect(rows.map((r) => [r.stage, r.provider])).toEqual([['tts', 'flite']]);
    expect(turns[0]?.providers).toEqual({ tts: 'flite' });
  });

  it('leave no TTS row for a sentence no voice could speak', async () => {
    const { pair, client, speaker } = ctx;
    for (const fake of [pair.alpha, pair.beta]) {
      fake.setFault('chat', { kind: 'none' });
      fake.setFault('speech', { kind: 'status', status: 503 });
    }
    for (const slot of pair.relay.providers.slots.llm) slot.breaker.reset();
    const turn = await speaker.typed('say something');
    expect(turn.status).toBe('completed');
    expect(turn.audioSamples).toBe(0);
    expect(pair.alpha.received('speech').length + pair.beta.received('speech').length).toBe(2);
    await expect
      .poll(
        async () => (await ledger(pair.relay, client.ready.sessionId, turn.turnId)).length,
        POLL,
      )
      .toBe(1);
    const rows = await ledger(pair.relay, client.ready.sessionId, turn.turnId);
    expect(rows.map((r) => [r.stage, r.provider])).toEqual([['llm', 'alpha:chat']]);
  });
});

describe('a recogniser that cannot be reached', () => {
  let pair: OpenAiPair;
  let client: TalkClient;
  beforeAll(async () => {
    // A server that was there and is gone: its port refuses connections.
    const gone = await startFakeOpenAi();
    await gone.close();
    pair = await startOpenAiPair({
      ...PAIR_DEADLINES,
      ASR_PROVIDERS: 'alpha',
      ALPHA_BASE_URL: gone.baseUrl,
    });
    client = await TalkClient.connect(pair.relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await pair.close();
  });

  it('costs nothing: the ledger holds no row for the recognition', async () => {
    const turn = await new Speaker(client).spoken();
    expect(turn.status).toBe('failed');
    expect(turn.errors.map((e) => e.code)).toEqual(['asr-failed']);
    // The only row is the voice's, for the line that says the words were not heard (issue 63).
    const rows = await ledger(pair.relay, client.ready.sessionId);
    expect(rows.filter((r) => r.stage === 'asr')).toEqual([]);
    expect(rows.map((r) => [r.stage, r.provider])).toEqual([['tts', 'flite']]);
  });
});

describe('a reply broken off before the provider reported its usage', () => {
  const ctx = usePair({ LLM_PROVIDERS: 'alpha' });

  it('is billed an input estimated from what was sent, the system prompt included', async () => {
    const { pair, client, speaker } = ctx;
    pair.alpha.setFault('chat', { kind: 'reset', afterChunks: 3 });
    const turn = await speaker.typed('count to ten');
    expect(turn.status).toBe('failed');
    const sent = (pair.alpha.chatBodies().at(-1)?.messages ?? []).map(asChatMessage);
    expect(sent[0]?.role).toBe('system');
    await expect
      .poll(
        async () => (await ledger(pair.relay, client.ready.sessionId, turn.turnId)).length,
        POLL,
      )
      .toBeGreaterThan(0);
    const llm = (await ledger(pair.relay, client.ready.sessionId, turn.turnId)).find(
      (r) => r.stage === 'llm',
    );
    expect(llm?.provider).toBe('alpha:chat');
    // Two tokens streamed ("You said: "), and the whole prompt the provider received.
    expect(llm?.units).toEqual({ inputTokens: estimatePromptTokens(sent), outputTokens: 3 });
    expect(llm?.units.inputTokens).toBeGreaterThan(estimatePromptTokens(sent.slice(1)) + 10);
  });
});

describe('a typed turn', () => {
  const ctx = usePair({ ASR_PROVIDERS: 'alpha' });

  it('reports no recogniser and leaves no recognition row', async () => {
    const { pair, client, speaker } = ctx;
    const turn = await speaker.typed('typed hello');
    expect(turn.status).toBe('completed');
    expect(servedBy(client, turn.turnId)).toEqual({ llm: 'offline-responder', tts: 'flite' });
    const turns = await storedTurns(pair, client, 1);
    expect(turns[0]?.providers).toEqual({ llm: 'offline-responder', tts: 'flite' });
    const rows = await ledger(pair.relay, client.ready.sessionId, turn.turnId);
    expect(rows.map((r) => r.stage)).not.toContain('asr');
    expect(pair.alpha.received('transcription')).toHaveLength(0);
  });
});

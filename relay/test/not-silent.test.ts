import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import { relayLines } from '../src/lines/relay-lines.ts';
import { PROGRESS_LINES } from '../src/pipeline/tool-progress.ts';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import { heardSilences } from '../src/talk/heard-silence.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { healthy } from './fakes/faults.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { say } from './lossless-helpers.ts';

const KEY = 'sk-not-silent-0123456789';
/** The model's wait before its first byte: past the 1.5 s after which a line covers it. */
const LATE_MODEL_MS = 2_500;
const REPLY = 'It is sunny today.';

/**
 * Nobody waits in silence (issue 63, item 3), on the wire: a real relay whose recogniser, model
 * and voice are a fake OpenAI server. A model late to its first word gets the line a slow tool
 * gets, in the reply's voice, once; a recognition that failed is said so in that voice.
 */
describe('nobody waits in silence', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let client: TalkClient;
  let turnId = 0;

  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = () => REPLY;
    openai.transcript = 'what is the weather';
    relay = await startTestRelay({
      ASR_PROVIDERS: 'openai',
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
    });
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await closeSynthesizers();
    await relay.close();
    await openai.close();
  });

  /** What the voice was asked to say since `from` requests, in order. */
  const saidSince = (from: number) =>
    openai
      .received('speech')
      .slice(from)
      .map((r) => (JSON.parse(r.body.toString('utf8')) as { input: string }).input);

  async function ledger(id: number, stage: 'llm' | 'tts') {
    return relay.storage.database.db
      .selectFrom('usage_ledger')
      .select(['provider', 'units'])
      .where('session_id', '=', client.ready.sessionId)
      .where('turn_id', '=', id)
      .where('stage', '=', stage)
      .execute();
  }

  /** Asks a typed question aloud; resolves with its turn and when it was sent (epoch ms). */
  async function ask(): Promise<{ turn: TurnRecord; sentAt: number; spoke: number }> {
    const id = ++turnId;
    const spoke = openai.received('speech').length;
    const sentAt = performance.timeOrigin + performance.now();
    client.send({ type: 'user.text', turnId: id, text: 'what is the weather', speak: true });
    const turn = await client.waitForTurn(id);
    expect(turn.status).toBe('completed');
    return { turn, sentAt, spoke };
  }

  it('a model 2.5 s late to its first word: the line a slow tool gets, said once in the reply’s voice, no part of the reply nor of the model’s bill', async () => {
    openai.setFault('chat', { kind: 'latency', ms: LATE_MODEL_MS });
    try {
      const { turn, sentAt, spoke } = await ask();
      expect(turn.progress).toEqual([
        { names: [], progress: 'spoken', text: PROGRESS_LINES.checking },
      ]);
      // The voice said the line, then the reply: the line a segment of no words.
      expect(saidSince(spoke)).toEqual([PROGRESS_LINES.checking, REPLY]);
      expect(turn.segments.map((s) => s.text)).toEqual(['', REPLY]);
      expect(turn.replyText).toBe(REPLY);
      // Heard before the model's first word (1.5 s, then the voice's first byte), not after it.
      const heard = heardSilences(sentAt, turn.audioArrivals);
      expect(heard.firstAudioMs).toBeGreaterThan(1_400);
      expect(heard.firstAudioMs).toBeLessThan(LATE_MODEL_MS);
      expect(turn.relayTimings.llmFirstTokenMs).toBeGreaterThan(LATE_MODEL_MS - 100);
      // Kept as the reply alone; the model billed for its own words, the voice for the line.
      await expect.poll(() => ledger(turn.turnId, 'tts').then((rows) => rows.length)).toBe(2);
      const llm = await ledger(turn.turnId, 'llm');
      expect(llm).toHaveLength(1);
      const tts = (await ledger(turn.turnId, 'tts')).map((r): unknown =>
        typeof r.units === 'string' ? JSON.parse(r.units) : r.units,
      );
      expect(tts).toEqual(
        expect.arrayContaining([
          { characters: PROGRESS_LINES.checking.length },
          { characters: REPLY.length },
        ]),
      );
      const stored = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
      expect(stored?.turns.find((t) => t.turnId === turn.turnId)?.assistantText).toBe(REPLY);
    } finally {
      openai.setFault('chat', healthy);
    }
  });

  it('a model in time: no line', async () => {
    const { turn, spoke } = await ask();
    expect(turn.progress).toEqual([]);
    expect(saidSince(spoke)).toEqual([REPLY]);
  });

  it('a recognition that failed is said in the reply’s voice, as a failed model is', async () => {
    openai.setFault('transcription', { kind: 'status', status: 500 });
    try {
      const spoke = openai.received('speech').length;
      const streamer = new UtteranceStreamer(client);
      streamer.nextTurnId = ++turnId;
      const [spoken] = await streamer.stream(await say('what time is it'), {
        speed: 4,
        speculate: false,
        replyTimeoutMs: 15_000,
      });
      expect(spoken?.status).toBe('failed');
      expect(spoken?.errors.map((e) => e.split(':')[0])).toEqual(['asr-failed']);
      const notHeard = relayLines('en').notHeard;
      expect(notHeard).toBe("Sorry, I didn't catch that — could you say it again?");
      expect(saidSince(spoke)).toEqual([notHeard]);
      const turn = client.turns.get(spoken?.turnId ?? -1);
      expect(turn?.audioSamples).toBeGreaterThan(0);
      // Said, not written: no reply text, no words of the user's.
      expect(turn?.segments.map((s) => s.text)).toEqual(['']);
      expect(turn?.replyText).toBe('');
    } finally {
      openai.setFault('transcription', healthy);
    }
  });
});

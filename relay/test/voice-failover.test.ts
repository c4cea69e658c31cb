import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESTART_PAUSE_MS } from '../src/pipeline/turn-voice.ts';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import {
  startFakeElevenLabs,
  toneSamples,
  type FakeElevenLabs,
} from './fakes/elevenlabs-server.ts';
import { healthy, type Fault } from './fakes/faults.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import type { ReceivedRequest } from './fakes/fake-http.ts';
import { ask, BREAKERS, resetBreakers } from './failover-kit.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

/**
 * Voices that fail halfway (issue 21, items 1 and 2): real adapters against local servers
 * speaking OpenAI's speech protocol (chunked raw PCM at 24 kHz) and ElevenLabs' (chunked PCM at
 * 16 kHz), faults injected at the network boundary after the first audio, turns typed through
 * the headless client at 16 kHz. What each server was asked to say, and what the client got.
 */

const ALPHA_KEY = 'sk-test-alpha-key-0123456789';
const EL_KEY = 'el-test-key-0123456789';
const ALPHA_TTS = 'alpha:tts-fake';
const ELEVENLABS = 'elevenlabs:eleven_flash_v2_5';

const FAST = {
  TTS_FIRST_AUDIO_TIMEOUT_S: '1',
  ...BREAKERS,
};

/** The reply the fake LLM gives: three sentences, each one TTS call. */
const SENTENCES = ['The first sentence is here.', 'Then a second one follows.', 'And a third.'];
const REPLY = SENTENCES.join(' ');
/** The client's rate, ElevenLabs' too: its audio arrives sample for sample. */
const RATE_HZ = 16_000;
const PAUSE = (RATE_HZ * RESTART_PAUSE_MS) / 1000;
/** One chunk of the OpenAI fake (4,800 bytes at 24 kHz) is 100 ms: 1,600 samples at 16 kHz. */
const ONE_CHUNK = 1600;
/**
 * The fakes' tones peak at 8,000; resampled audio cut off abruptly rings a little above (8,797
 * seen). Noise from a slipped stream reaches 32,767.
 */
const TONE_PEAK = 8000 * 1.15;

/** Mid-stream faults of the primary voice, after its first chunk of audio. */
const MID_SENTENCE: [string, Fault][] = [
  ['stalls', { kind: 'stall', afterChunks: 1 }],
  ['drops the connection', { kind: 'reset', afterChunks: 1 }],
  ['slips a stray byte into its PCM', { kind: 'misaligned', afterChunks: 1 }],
  ['ends its body mid-sample', { kind: 'malformed', afterChunks: 1 }],
];

const spoken = (r: ReceivedRequest) =>
  (JSON.parse(r.body.toString('utf8')) as { input: string }).input;
const elevenText = (r: ReceivedRequest) =>
  (JSON.parse(r.body.toString('utf8')) as { text: string }).text;
/**
 * What ElevenLabs was asked to say: its synthesis requests only (the relay's health probe may
 * list its models meanwhile, a GET with no body).
 */
const elevenSaid = (rs: readonly ReceivedRequest[]) =>
  rs.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/text-to-speech/')).map(elevenText);

/** Samples of each segment: from its start to the next one's (or the end of the turn). */
function spans(turn: TurnRecord): number[] {
  return turn.segments.map(
    (s, i) => (turn.segments[i + 1]?.startSample ?? turn.audioSamples) - s.startSample,
  );
}

async function ttsLedger(relay: TestRelay, sessionId: string, turnId: number) {
  const rows = await relay.storage.database.db
    .selectFrom('usage_ledger')
    .select(['provider', 'units'])
    .where('session_id', '=', sessionId)
    .where('turn_id', '=', turnId)
    .where('stage', '=', 'tts')
    .execute();
  return rows.map((r) => ({
    provider: r.provider,
    characters: (JSON.parse(r.units) as { characters: number }).characters,
  }));
}

/** A relay whose LLM is alpha (answering {@link REPLY}) and whose voices are `chain`. */
async function relayWith(alpha: FakeOpenAi, chain: string, extra: Record<string, string> = {}) {
  return startTestRelay({
    ...FAST,
    LLM_PROVIDERS: 'alpha',
    TTS_PROVIDERS: chain,
    ALPHA_BASE_URL: alpha.baseUrl,
    ALPHA_API_KEY: ALPHA_KEY,
    ALPHA_LLM_MODEL: 'chat-fake',
    ALPHA_TTS_MODEL: 'tts-fake',
    ...extra,
  });
}

async function fakeAlpha(): Promise<FakeOpenAi> {
  const alpha = await startFakeOpenAi({ apiKey: ALPHA_KEY });
  alpha.reply = () => REPLY;
  return alpha;
}

describe('a voice that breaks mid-sentence: alpha (OpenAI speech) → ElevenLabs', () => {
  let alpha: FakeOpenAi;
  let eleven: FakeElevenLabs;
  let relay: TestRelay;
  let client: TalkClient;
  beforeAll(async () => {
    alpha = await fakeAlpha();
    eleven = await startFakeElevenLabs({ apiKey: EL_KEY });
    relay = await relayWith(alpha, 'alpha,elevenlabs', {
      ELEVENLABS_API_KEY: EL_KEY,
      ELEVENLABS_BASE_URL: eleven.url,
    });
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await Promise.all([alpha.close(), eleven.close()]);
  });
  beforeEach(async () => {
    alpha.setFault('speech', healthy);
    eleven.setFault(healthy);
    await resetBreakers(relay, [ALPHA_TTS, ELEVENLABS]);
  });

  it.each(MID_SENTENCE)(
    'when alpha %s, ElevenLabs says that sentence again and the rest: the whole reply is spoken',
    async (_n, fault) => {
      alpha.setFault('speech', fault);
      const asked = { alpha: alpha.received('speech').length, eleven: eleven.requests.length };
      const turn = await ask(client, 'tell me three things');

      expect(turn.status).toBe('completed');
      expect(turn.replyText).toBe(REPLY);
      // Alpha was asked for the first sentence only: not again in this turn once it broke off.
      expect(alpha.received('speech').slice(asked.alpha).map(spoken)).toEqual([SENTENCES[0]]);
      // ElevenLabs said the cut sentence from its start, then the others.
      expect(elevenSaid(eleven.requests.slice(asked.eleven))).toEqual(SENTENCES);

      // On the wire: sentence 0 cut off, sentence 0 again, then 1 and 2.
      expect(turn.segments.map((s) => [s.index, s.text])).toEqual([
        [0, SENTENCES[0]],
        [0, SENTENCES[0]],
        [1, SENTENCES[1]],
        [2, SENTENCES[2]],
      ]);
      const [cut, again, second, third] = spans(turn);
      // What alpha sent before it broke off plays (no more than its one chunk)...
      expect(cut).toBeGreaterThan(ONE_CHUNK - 2 * 256);
      expect(cut).toBeLessThanOrEqual(ONE_CHUNK + 16);
      // ...then a pause and every sentence whole, in ElevenLabs' voice (60 ms per character).
      expect(again).toBe(PAUSE + toneSamples(SENTENCES[0]!, RATE_HZ));
      expect(second).toBe(toneSamples(SENTENCES[1]!, RATE_HZ));
      expect(third).toBe(toneSamples(SENTENCES[2]!, RATE_HZ));
      // Nothing that is not the tones reached the client: no noise from a slipped stream.
      expect(turn.peakSample).toBeGreaterThan(7000);
      expect(turn.peakSample).toBeLessThanOrEqual(TONE_PEAK);

      // One note, which asks nothing of the user; the turn is recorded as completed.
      expect(turn.errors).toHaveLength(1);
      expect(turn.errors[0]).toMatchObject({ code: 'tts-failed', retryable: false });
      expect(turn.errors[0]?.message).toMatch(/another voice took over/);
      const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
      const record = saved?.turns.find((t) => t.turnId === turn.turnId);
      expect(record?.status).toBe('completed');
      expect(record?.providers.tts).toBe(ELEVENLABS);
      // ElevenLabs is billed for the three sentences it said.
      const ledger = await ttsLedger(relay, client.ready.sessionId, turn.turnId);
      expect(ledger.filter((r) => r.provider === ELEVENLABS)).toEqual(
        SENTENCES.map((s) => ({ provider: ELEVENLABS, characters: s.length })),
      );
      await expect.poll(() => alpha.openResponses + eleven.openResponses).toBe(0);
    },
  );

  it('fails over before any audio, silently, when alpha answers a JSON error labelled as audio', async () => {
    alpha.setFault('speech', { kind: 'mislabelled' });
    const asked = eleven.requests.length;
    const turn = await ask(client, 'tell me three things');
    expect(turn.status).toBe('completed');
    expect(turn.errors).toEqual([]);
    expect(elevenSaid(eleven.requests.slice(asked))).toEqual(SENTENCES);
    expect(turn.segments.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(spans(turn)).toEqual(SENTENCES.map((s) => toneSamples(s, RATE_HZ)));
    expect(turn.peakSample).toBeLessThanOrEqual(TONE_PEAK);
  });
});

describe('a voice that breaks mid-sentence: ElevenLabs → alpha (OpenAI speech)', () => {
  it('stops ElevenLabs’ slipped stream before any noise; alpha says the sentence again and the rest', async () => {
    const alpha = await fakeAlpha();
    const eleven = await startFakeElevenLabs({ apiKey: EL_KEY });
    eleven.setFault({ kind: 'misaligned', afterChunks: 2 });
    const relay = await relayWith(alpha, 'elevenlabs,alpha', {
      ELEVENLABS_API_KEY: EL_KEY,
      ELEVENLABS_BASE_URL: eleven.url,
    });
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const turn = await ask(client, 'tell me three things');
      expect(turn.status).toBe('completed');
      expect(elevenSaid(eleven.requests)).toEqual([SENTENCES[0]]);
      expect(alpha.received('speech').map(spoken)).toEqual(SENTENCES);
      expect(turn.segments.map((s) => s.index)).toEqual([0, 0, 1, 2]);
      // Two chunks of 3,001 bytes before the stray byte: 3,001 samples at most, none of noise.
      const [cut] = spans(turn);
      expect(cut).toBeLessThanOrEqual(3001);
      expect(cut).toBeGreaterThan(3001 - 2 * 256);
      expect(turn.peakSample).toBeLessThanOrEqual(TONE_PEAK);
      expect(turn.errors.map((e) => e.code)).toEqual(['tts-failed']);
      await expect.poll(() => alpha.openResponses + eleven.openResponses).toBe(0);
    } finally {
      client.close();
      await relay.close();
      await Promise.all([alpha.close(), eleven.close()]);
    }
  });
});

describe('a voice that breaks mid-sentence: alpha → the embedded voice', () => {
  it('Flite says the cut sentence again and the rest', async () => {
    const alpha = await fakeAlpha();
    alpha.setFault('speech', { kind: 'reset', afterChunks: 1 });
    const relay = await relayWith(alpha, 'alpha,embedded');
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const turn = await ask(client, 'tell me three things');
      expect(turn.status).toBe('completed');
      expect(alpha.received('speech').map(spoken)).toEqual([SENTENCES[0]]);
      expect(turn.segments.map((s) => s.index)).toEqual([0, 0, 1, 2]);
      // Flite speaks a sentence in well over half a second: every one of them was spoken.
      const [cut, ...said] = spans(turn);
      expect(cut).toBeLessThanOrEqual(ONE_CHUNK + 16);
      for (const n of said) expect(n).toBeGreaterThan(RATE_HZ / 2);
      expect(turn.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/another voice took over/),
      ]);
      const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
      expect(saved?.turns[0]?.providers.tts).toBe('flite');
    } finally {
      client.close();
      await relay.close();
      await alpha.close();
    }
  });
});

describe('the only voice breaks mid-sentence', () => {
  it('keeps what was played, shows the rest as text, and says so once', async () => {
    const alpha = await fakeAlpha();
    alpha.setFault('speech', { kind: 'reset', afterChunks: 1 });
    const relay = await relayWith(alpha, 'alpha');
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const turn = await ask(client, 'tell me three things');
      expect(turn.status).toBe('completed');
      expect(turn.replyText).toBe(REPLY);
      expect(alpha.received('speech').map(spoken)).toEqual([SENTENCES[0]]);
      // The cut audio, and the sentence announced again with nothing after it.
      expect(turn.segments.map((s) => s.index)).toEqual([0, 0]);
      const [cut, again] = spans(turn);
      expect(cut).toBeLessThanOrEqual(ONE_CHUNK + 16);
      expect(again).toBe(0);
      expect(turn.errors).toHaveLength(1);
      expect(turn.errors[0]).toMatchObject({ code: 'tts-failed' });
      expect(turn.errors[0]?.message).toMatch(/shown as text/);
      expect(turn.errors[0]?.message).not.toMatch(/say it again/i);
    } finally {
      client.close();
      await relay.close();
      await alpha.close();
    }
  });
});

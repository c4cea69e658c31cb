import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES, pcm16ToFloat, rmsDbfs } from '@parley/shared';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import { ledger } from './fakes/openai-pair.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

/**
 * The answer's request starts at the pause (issue 50). A relay with the embedded recogniser,
 * whose language model and voice are a local server speaking OpenAI's protocol with a hosted
 * model's first-token wait (400 ms): the client reports a pause ~100 ms after the last word, and
 * the relay asks the model at once, on the recogniser's running hypothesis, before the
 * recogniser's closed reading of the pause (its final pass over the audio up to it) is in; when
 * that reading says other words, it asks again, once, on them.
 */

const KEY = 'sk-answer-at-pause-0123456789';
/** Waits on the recogniser and the relay's storage: generous, for a loaded machine. */
const POLL = { timeout: 20_000 };
/** What the fake model answers. */
const answerTo = (words: string) => `You asked: ${words}.`;

let fake: FakeOpenAi;
let relay: TestRelay;
let client: TalkClient;

beforeEach(async () => {
  fake = await startFakeOpenAi({ apiKey: KEY });
  fake.reply = (messages) => answerTo(messages.at(-1)?.content ?? '');
  fake.setFault('chat', { kind: 'latency', ms: 400 });
  relay = await startTestRelay({
    LLM_PROVIDERS: 'openai',
    TTS_PROVIDERS: 'openai',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: fake.baseUrl,
    HEALTH_PROBE_INTERVAL_S: '0',
  });
  client = await TalkClient.connect(relay.wsUrl);
});

afterEach(async () => {
  client.close();
  await relay.close();
  await fake.close();
});

afterAll(closeSynthesizers);

/** The words of the last user message of each chat request the fake received. */
const asked = () =>
  fake
    .received('chat')
    .map(
      (r) =>
        (JSON.parse(r.body.toString('utf8')) as { messages: { content: string }[] }).messages.at(-1)
          ?.content,
    );

/** `text` said by Flite's slt, in 100 ms chunks whose last ends ~100 ms after the last word. */
async function spoken(text: string): Promise<Int16Array[]> {
  const { samples } = await synthesizeSpeech(text, { leadingSilenceMs: 0, trailingSilenceMs: 0 });
  // The last 10 ms of speech: louder than -45 dBFS.
  const frame = 160;
  let end = 0;
  for (let at = 0; at + frame <= samples.length; at += frame)
    if (rmsDbfs(pcm16ToFloat(samples.subarray(at, at + frame))) > -45) end = at + frame;
  // Leading silence so that the chunk holding the pause's 100 ms of silence ends the speech.
  const total =
    Math.ceil((end + 3 * CHUNK_SAMPLES + CHUNK_SAMPLES) / CHUNK_SAMPLES) * CHUNK_SAMPLES;
  const audio = new Int16Array(total);
  audio.set(samples.subarray(0, end), total - CHUNK_SAMPLES - end);
  const chunks: Int16Array[] = [];
  for (let at = 0; at < total; at += CHUNK_SAMPLES)
    chunks.push(audio.slice(at, at + CHUNK_SAMPLES));
  return chunks;
}

/**
 * Utterance 1 of `chunks` up to a pause after its last chunk, reported once the recogniser's
 * running hypothesis has heard `heardSoFar` (the relay's interim transcripts say it); returns
 * the pause's seq and when it was reported (epoch ms).
 */
async function speakToPause(chunks: Int16Array[], heardSoFar: RegExp) {
  client.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
  for (const [seq, samples] of chunks.entries())
    client.sendChunk({ seq, samples, firstSample: seq * CHUNK_SAMPLES }, 1, 0);
  await expect.poll(() => client.turn(1).partials.at(-1)?.text ?? '', POLL).toMatch(heardSoFar);
  const lastSeq = chunks.length - 1;
  const pausedAtMs = Date.now();
  client.send({ type: 'utterance.pause', turnId: 1, lastSeq });
  return { lastSeq, pausedAtMs };
}

/** The readings of the pause the relay sent (with when they arrived). */
const readings = (seq: number) => client.turn(1).partials.filter((p) => p.pauseSeq === seq);

/** Ends utterance 1 after its pause (a little more silence), its speech ended 100 ms before it. */
async function endAfterPause(lastSeq: number, pausedAtMs: number): Promise<TurnRecord> {
  client.sendChunk(
    { seq: lastSeq + 1, samples: new Int16Array(CHUNK_SAMPLES), firstSample: 0 },
    1,
    0,
  );
  client.send({
    type: 'utterance.end',
    turnId: 1,
    lastSeq: lastSeq + 1,
    speechEndAtMs: pausedAtMs - 100,
    sentAtMs: Date.now(),
  });
  return client.waitForTurn(1, 30_000);
}

describe('the answer to a spoken question (embedded recogniser, hosted-like model)', () => {
  it('is asked for at the pause, on the running hypothesis, before the recogniser has closed the words', async () => {
    const chunks = await spoken('what is your name');
    const { lastSeq, pausedAtMs } = await speakToPause(chunks, /^what is your name$/);
    await expect.poll(() => readings(lastSeq).length, POLL).toBe(2);
    const [hypothesis, closed] = readings(lastSeq);
    expect(hypothesis?.text).toBe('what is your name');
    expect(closed).toMatchObject({ text: 'what is your name', reading: 'closed' });
    // The model had the question before the relay could tell the client the closed reading.
    const [request] = fake.received('chat');
    expect(request?.atMs).toBeLessThan(closed?.atMs ?? 0);
    const turn = await endAfterPause(lastSeq, pausedAtMs);
    expect(turn).toMatchObject({ status: 'completed', transcript: 'what is your name' });
    expect(turn.replyText).toBe(answerTo('what is your name'));
    // Once: the closed reading said the same words.
    expect(asked()).toEqual(['what is your name']);
    // Requested before the end of the turn reached the relay: sooner after the end of speech
    // than the client's wait for the end of its turn.
    const endpointingMs = (turn.endSentAtMs ?? 0) - (pausedAtMs - 100);
    expect(turn.relayTimings.llmRequestAfterSpeechMs).toBeLessThan(endpointingMs);
  });

  it('is asked for again, once, on the closed reading when it says other words: the reply answers those, both requests metered as speculative', async () => {
    const chunks = await spoken('what time is it');
    // The running search takes the short last word for 'a' until ~200 ms of silence follow it;
    // the closed reading, scored whole, hears 'it'.
    const { lastSeq, pausedAtMs } = await speakToPause(chunks, /^what time is/);
    await expect.poll(() => asked().length, POLL).toBe(2);
    await expect.poll(() => readings(lastSeq).length, POLL).toBe(2);
    const [hypothesis, closed] = readings(lastSeq);
    expect(closed).toMatchObject({ text: 'what time is it', reading: 'closed' });
    expect(hypothesis?.text).not.toBe('what time is it');
    // The first request, on the hypothesis, reached the model before the closed reading was
    // known; the second is on the closed words.
    expect(asked()).toEqual([hypothesis?.text, 'what time is it']);
    expect(fake.received('chat')[0]?.atMs).toBeLessThan(closed?.atMs ?? 0);
    const turn = await endAfterPause(lastSeq, pausedAtMs);
    expect(turn).toMatchObject({ status: 'completed', transcript: 'what time is it' });
    expect(turn.replyText).toBe(answerTo('what time is it'));
    expect(asked()).toHaveLength(2);
    // Only the answer to the closed words was voiced.
    const said = fake
      .received('speech')
      .map((r) => (JSON.parse(r.body.toString('utf8')) as { input: string }).input);
    expect(said).toEqual([answerTo('what time is it')]);
    // Both requests are in the ledger as speculative work: the one thrown away too.
    const llmRows = async () =>
      (await ledger(relay, client.ready.sessionId, 1)).filter((r) => r.stage === 'llm');
    await expect.poll(async () => (await llmRows()).length, POLL).toBe(2);
    expect((await llmRows()).map((r) => [r.provider, r.speculative])).toEqual([
      [expect.stringMatching(/^openai:/), true],
      [expect.stringMatching(/^openai:/), true],
    ]);
  });
});

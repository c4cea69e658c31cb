import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const KEY = 'sk-turn-taking-0123456789';

/** The hosted LLM's answers (a local server speaking OpenAI's protocol). */
const HELP_TEXT =
  'I can answer questions. I can also tell you the time, and keep you company on a long walk.';
const FIRST_SENTENCE = 'I can answer questions.';
function replyTo(messages: { role: string; content: string }[]): string {
  const last = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (last.includes('what can you do')) return HELP_TEXT;
  if (last.includes('time')) return "It's noon.";
  return 'Good to hear.';
}

async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

const HELP = /^I can answer questions\. I can also tell you the time/;

describe('turn-taking through the relay', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  /** Chat requests the LLM server received: system prompt left out. */
  const llmRequests = () => openai.chatBodies().map((b) => b.messages.slice(1));
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = replyTo;
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
    });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await openai.close();
  });

  it('after an interrupt mid-reply, the next LLM request sees only the words heard, and no stream is left open', async () => {
    openai.intervalMs = 150; // the reply is still being written when the user speaks over it
    const client = await TalkClient.connect(relay.wsUrl);
    const streamer = new UtteranceStreamer(client);
    const asking = streamer.stream(await say('What can you do?'));
    // Wait for the first sentence to be spoken, then "hear" half of what was sent.
    await expect
      .poll(() => client.turns.get(1)?.audioSamples ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(8000);
    const played = Math.floor((client.turns.get(1)?.audioSamples ?? 0) / 2);
    client.send({ type: 'interrupt', turnId: 1, playedSamples: played });
    const [interrupted] = await asking;
    openai.intervalMs = 5;

    expect(interrupted?.status).toBe('cancelled');
    const truncated = client.received.find((m) => m.type === 'reply.truncated');
    expect(truncated?.type === 'reply.truncated' && truncated.heard).toBeTruthy();
    const heard = truncated?.type === 'reply.truncated' ? truncated.heard : '';
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(FIRST_SENTENCE.length);
    expect(FIRST_SENTENCE.startsWith(heard)).toBe(true);
    expect(interrupted?.reply).toBe(heard);
    // Every provider stream of the interrupted turn was closed (LLM and TTS).
    await expect.poll(() => openai.openResponses).toBe(0);

    const [next] = await streamer.stream(await say('Good morning.'));
    expect(next?.status).toBe('completed');
    const last = llmRequests().at(-1) ?? [];
    expect(last).toEqual([
      { role: 'user', content: 'what can you do' },
      { role: 'assistant', content: heard },
      { role: 'user', content: 'good morning' },
    ]);
    // Storage keeps the reply as heard too.
    const saved = await relay.storage.sessions.get('local', client.ready.sessionId);
    expect(saved?.turns[0]?.assistantText).toBe(heard);
    // …and says it was interrupted; the next turn was heard to its end.
    expect(saved?.turns.map((t) => [t.status, t.interrupted])).toEqual([
      ['cancelled', true],
      ['completed', false],
    ]);
    client.close();
  });

  it('an interrupt after the reply was fully written still truncates history and storage', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const streamer = new UtteranceStreamer(client);
    const [help] = await streamer.stream(await say('What can you do?'));
    expect(help?.reply).toMatch(HELP);
    const firstSentence = client.turns.get(1)?.segments[1]?.startSample ?? 0;
    client.send({ type: 'interrupt', turnId: 1, playedSamples: firstSentence });
    await expect.poll(() => client.received.some((m) => m.type === 'reply.truncated')).toBe(true);
    await expect
      .poll(
        async () =>
          (await relay.storage.sessions.get('local', client.ready.sessionId))?.turns[0]
            ?.assistantText,
      )
      .toBe(FIRST_SENTENCE);
    const stored = await relay.storage.sessions.get('local', client.ready.sessionId);
    expect([stored?.turns[0]?.status, stored?.turns[0]?.interrupted]).toEqual(['completed', true]);
    const [next] = await streamer.stream(await say('Thank you very much.'));
    expect(next?.status).toBe('completed');
    expect(llmRequests().at(-1)?.[1]).toEqual({ role: 'assistant', content: FIRST_SENTENCE });
    client.close();
  });

  it('answers speculatively at a pause; one answer reaches the user, its work in the ledger once', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const [turn] = await new UtteranceStreamer(client).stream(await say('What time is it?'));
    expect(turn?.reply).toBe("It's noon.");
    expect(client.received.filter((m) => m.type === 'turn.done')).toHaveLength(1);
    const stats = relay.registry.get(client.ready.sessionId)?.stats;
    expect(stats?.speculations).toBeGreaterThanOrEqual(1);
    // Released when the recogniser's final text agrees with the snapshot it gave at the pause;
    // on a loaded machine the snapshot can lag the decoder and the speculation is dropped
    // instead (the in-process session tests pin promotion down). Each ends one way.
    const promoted = stats?.speculationsPromoted ?? 0;
    expect(promoted + (stats?.speculationsDropped ?? 0)).toBe(stats?.speculations);
    await expect.poll(() => client.connection.unackedChunks).toBe(0);
    const ledger = await relay.storage.database.db
      .selectFrom('usage_ledger')
      .select(['stage', 'speculative'])
      .where('session_id', '=', client.ready.sessionId)
      .execute();
    const llm = ledger.filter((r) => r.stage === 'llm');
    // The answer heard: the promoted speculation's, or one made after the final transcript.
    expect(llm.filter((r) => r.speculative === 0)).toHaveLength(promoted === 1 ? 0 : 1);
    expect(llm.filter((r) => r.speculative === 1).length).toBeGreaterThanOrEqual(promoted);
    client.close();
  });

  it('drops the speculation when the user goes on talking after the pause, and answers the whole question', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const part1 = await say('Good morning.');
    const part2 = await say('What time is it?');
    // "Good morning" … a short silence … "what time is it": a pause inside one utterance
    // (longer than the 200 ms pause, shorter than the 500 ms end of turn; Flite adds a little
    // silence of its own around each phrase).
    const head = part1.subarray(0, part1.length - 14_400);
    const tail = part2.subarray(4_800 + 1_600);
    const speech = new Float32Array(head.length + tail.length);
    speech.set(head, 0);
    speech.set(tail, head.length);
    const [turn] = await new UtteranceStreamer(client).stream(speech);
    expect(turn?.transcript).toBe('good morning what time is it');
    const stats = relay.registry.get(client.ready.sessionId)?.stats;
    expect(stats?.speculationsDropped).toBeGreaterThanOrEqual(1);
    await expect.poll(() => openai.openResponses).toBe(0);
    client.close();
  });
});

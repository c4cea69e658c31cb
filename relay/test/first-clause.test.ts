import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import type { ReceivedRequest } from './fakes/fake-http.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { expectWholeReply, storedReply, ttsBilled } from './reply-kit.ts';

/**
 * A reply's first audio comes from its first clause, not its whole first sentence (issue 50,
 * part 2): seen on the wire, at a fake OpenAI-compatible server whose language model writes a
 * word every 40 ms and whose voice speaks 40 ms of audio per character, at 16 kHz to the client.
 */

const KEY = 'sk-first-clause-0123456789';
const CLAUSE = 'That is a good question,';
const REST = 'and the short answer is yes.';
const NEXT = 'Here is a little more detail about it.';
const REPLY = `${CLAUSE} ${REST} ${NEXT}`;
/** Reply samples of `text` at the client's 16 kHz: 40 ms per character. */
const samplesOf = (text: string) => text.length * 40 * 16;
const POLL = { timeout: 10_000 };

const spoken = (rs: readonly ReceivedRequest[]) =>
  rs.map((r) => (JSON.parse(r.body.toString('utf8')) as { input: string }).input);

describe('the first audio of a reply', () => {
  let fake: FakeOpenAi;
  let relay: TestRelay;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ apiKey: KEY });
    fake.reply = () => REPLY;
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(fake, KEY),
    });
  });
  afterAll(async () => {
    await relay.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.tokenLog.length = 0;
    fake.intervalMs = 40;
  });

  it('is asked for its first clause before the first sentence is written; the rest follows whole, in order', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'is it so' });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('completed');

    // On the wire: the clause went to the voice before the model had written "yes.".
    const speech = fake.received('speech');
    expect(spoken(speech)).toEqual([CLAUSE, REST, NEXT]);
    const sentenceWrittenAt = fake.tokenLog[0]?.find((t) => t.text.startsWith('yes.'))?.atMs;
    expect(sentenceWrittenAt).toBeDefined();
    expect(speech[0]?.atMs).toBeLessThan(sentenceWrittenAt ?? 0);

    // What the client hears and reads: every segment, back to back, the reply whole.
    await expectWholeReply(relay, client, turn, {
      texts: [CLAUSE, REST, NEXT],
      samplesOf,
      voice: 'openai:tts-1',
    });
    client.close();
  });

  it('interrupted mid-clause, bills the clause served and stores only the words heard', async () => {
    // 100 ms of the voice's audio every 150 ms: the interrupt lands while the clause streams.
    fake.intervalMs = 150;
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'is it so' });
    const played = samplesOf('That is a g');
    await expect.poll(() => client.turns.get(1)?.audioSamples ?? 0, POLL).toBeGreaterThan(played);
    client.send({ type: 'interrupt', turnId: 1, playedSamples: played });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('cancelled');
    expect(spoken(fake.received('speech'))).toEqual([CLAUSE]);
    // Words heard to their end, and none of the sentence's rest (how many of the clause's count
    // depends on how much of it had been sent: see heardText).
    const stored = () => storedReply(relay, client.ready.sessionId);
    await expect.poll(stored, POLL).toMatch(/^That is a/);
    expect(CLAUSE.startsWith((await stored()) ?? '')).toBe(true);
    expect((await stored())?.length).toBeLessThan(CLAUSE.length);
    expect(await ttsBilled(relay, client.ready.sessionId, 1)).toEqual([
      ['openai:tts-1', CLAUSE.length],
    ]);
    client.close();
  });
});

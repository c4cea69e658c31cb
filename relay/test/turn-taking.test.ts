import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { loadConfig } from '../src/config.ts';
import { createEmbeddedProviders } from '../src/providers/embedded.ts';
import type { ChatMessage, LlmEvent, Providers } from '../src/providers/types.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

/**
 * The real embedded providers, watched: every LLM request's messages are recorded, open LLM
 * streams and TTS syntheses are counted (so a test sees none is left open), and the LLM can be
 * slowed down (`tokenDelayMs`) so a reply is still being written when the user interrupts.
 */
function watched(p: Providers) {
  const w = { requests: [] as ChatMessage[][], openStreams: 0, openSyntheses: 0, tokenDelayMs: 0 };
  const providers: Providers = {
    asr: p.asr,
    llm: {
      info: p.llm.info,
      close: () => p.llm.close(),
      stream: async function* (request) {
        w.requests.push(request.messages.map((m) => ({ ...m })));
        w.openStreams++;
        try {
          for await (const e of p.llm.stream(request)) {
            if (w.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, w.tokenDelayMs));
            request.signal.throwIfAborted();
            yield e satisfies LlmEvent;
          }
        } finally {
          w.openStreams--;
        }
      },
    },
    tts: {
      info: p.tts.info,
      sampleRateHz: p.tts.sampleRateHz,
      close: () => p.tts.close(),
      synthesize: async function* (request) {
        w.openSyntheses++;
        try {
          yield* p.tts.synthesize(request);
        } finally {
          w.openSyntheses--;
        }
      },
    },
  };
  return { w, providers };
}

async function say(text: string): Promise<Float32Array> {
  return pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );
}

const HELP = /^I'm the offline responder\. I can tell you the time/;

describe('turn-taking through the relay', () => {
  let relay: TestRelay;
  let w: ReturnType<typeof watched>['w'];
  beforeAll(async () => {
    const c = watched(await createEmbeddedProviders(loadConfig({})));
    w = c.w;
    relay = await startTestRelay({}, c.providers);
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('after an interrupt mid-reply, the next LLM request sees only the words heard, and no stream is left open', async () => {
    w.tokenDelayMs = 120; // the reply is still being written when the user speaks over it
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
    w.tokenDelayMs = 0;

    expect(interrupted?.status).toBe('cancelled');
    const truncated = client.received.find((m) => m.type === 'reply.truncated');
    expect(truncated?.type === 'reply.truncated' && truncated.heard).toBeTruthy();
    const heard = truncated?.type === 'reply.truncated' ? truncated.heard : '';
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan("I'm the offline responder.".length);
    expect(interrupted?.reply).toBe(heard);
    await expect.poll(() => w.openStreams + w.openSyntheses).toBe(0);

    const [next] = await streamer.stream(await say('Good morning.'));
    expect(next?.status).toBe('completed');
    const last = w.requests.at(-1) ?? [];
    expect(last).toEqual([
      { role: 'user', content: 'what can you do' },
      { role: 'assistant', content: heard },
      { role: 'user', content: 'good morning' },
    ]);
    // Storage keeps the reply as heard too.
    const saved = await relay.storage.sessions.get('local', client.ready.sessionId);
    expect(saved?.turns[0]?.assistantText).toBe(heard);
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
      .toBe("I'm the offline responder.");
    const [next] = await streamer.stream(await say('Thank you very much.'));
    expect(next?.status).toBe('completed');
    expect(w.requests.at(-1)?.[1]).toEqual({
      role: 'assistant',
      content: "I'm the offline responder.",
    });
    client.close();
  });

  it('answers speculatively at a pause and releases the answer when the user stops there', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const [turn] = await new UtteranceStreamer(client).stream(await say('What time is it?'));
    expect(turn?.reply).toMatch(/^It's/);
    const stats = relay.registry.get(client.ready.sessionId)?.stats;
    expect(stats?.speculations).toBeGreaterThanOrEqual(1);
    expect(stats?.speculationsPromoted).toBe(1);
    // One LLM answer was given, and the speculative work is in the ledger once.
    await expect.poll(() => client.connection.unackedChunks).toBe(0);
    const ledger = await relay.storage.database.db
      .selectFrom('usage_ledger')
      .select(['stage', 'speculative'])
      .where('session_id', '=', client.ready.sessionId)
      .execute();
    expect(ledger.filter((r) => r.stage === 'llm')).toHaveLength(1);
    expect(ledger.filter((r) => r.stage === 'llm' && r.speculative === 1)).toHaveLength(1);
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
    await expect.poll(() => w.openStreams + w.openSyntheses).toBe(0);
    client.close();
  });
});

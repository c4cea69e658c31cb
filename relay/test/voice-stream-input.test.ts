import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import {
  startFakeElevenLabsInput,
  type FakeElevenLabsInput,
} from './fakes/elevenlabs-stream-server.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { expectWholeReply } from './reply-kit.ts';

/**
 * A voice that takes text as it streams (ElevenLabs' WebSocket input, `ELEVENLABS_STREAM_INPUT`)
 * is sent the reply's words as the language model writes them (issue 50, part 2): seen on the
 * wire, at a fake ElevenLabs speaking that protocol (60 ms of audio per character, 16 kHz) and a
 * fake OpenAI-compatible model writing a word every 80 ms.
 */

const LLM_KEY = 'sk-stream-input-0123456789';
const EL_KEY = 'el-stream-input-0123456789';
const CLAUSE = 'That is a good question,';
const REST = 'and the short answer is yes.';
const NEXT = 'Here is a little more detail about it.';
const REPLY = `${CLAUSE} ${REST} ${NEXT}`;
/** Reply samples the fake says for a segment: its pieces end in a space, 60 ms a character. */
const samplesOf = (text: string) => (text.length + 1) * 60 * 16;

describe('a voice that takes text as it streams', () => {
  let llm: FakeOpenAi;
  let voice: FakeElevenLabsInput;
  let relay: TestRelay;
  beforeAll(async () => {
    llm = await startFakeOpenAi({ apiKey: LLM_KEY });
    llm.reply = () => REPLY;
    llm.intervalMs = 80;
    voice = await startFakeElevenLabsInput({ apiKey: EL_KEY, firstAudioMs: 50 });
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'elevenlabs',
      OPENAI_API_KEY: LLM_KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      ELEVENLABS_API_KEY: EL_KEY,
      ELEVENLABS_BASE_URL: voice.url,
      ELEVENLABS_STREAM_INPUT: '1',
      HEALTH_PROBE_INTERVAL_S: '0',
    });
  });
  afterAll(async () => {
    await relay.close();
    await Promise.all([llm.close(), voice.close()]);
  });

  it('receives the words as the model writes them, a socket per segment; the client hears it all, in order', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'is it so' });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('completed');

    // One socket per segment, each sent its words piece by piece, then the end of input.
    const sockets = voice.connections;
    expect(sockets.map((s) => s.texts.map((t) => t.text).join(''))).toEqual([
      `${CLAUSE} `,
      `${REST} `,
      `${NEXT} `,
    ]);
    for (const socket of sockets) {
      expect(socket.texts.length).toBeGreaterThan(2);
      expect(socket.texts.at(-1)?.text).toBe('');
      expect(socket.final).toBe(true);
    }
    // "That " reached the voice before the model had written "question," (the clause's end),
    // let alone "yes." (the sentence's).
    const written = (word: string) => llm.tokenLog[0]?.find((t) => t.text.startsWith(word))?.atMs;
    expect(sockets[0]?.texts[0]).toMatchObject({ text: 'That ' });
    expect(sockets[0]?.texts[0]?.atMs).toBeLessThan(written('question,') ?? 0);

    await expectWholeReply(relay, client, turn, {
      texts: [CLAUSE, REST, NEXT],
      samplesOf,
      voice: 'elevenlabs:eleven_flash_v2_5',
    });
    client.close();
    await expect.poll(() => voice.openSockets).toBe(0);
  });
});

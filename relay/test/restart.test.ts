import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { openStorage, type OpenStorageOptions } from '../src/storage/index.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

const postgres =
  process.env.TEST_DATABASE_URL || (inject('testDatabaseUrl') as string | null | undefined) || null;
const backends = [
  {
    name: 'SQLite',
    env: (dir: string) => ({ ...TEST_RELAY_ENV, DATA_DIR: dir }),
    storage: (dir: string) => ({ sqlitePath: join(dir, 'parley.db') }),
  },
  ...(postgres
    ? [
        {
          name: 'PostgreSQL',
          env: () => ({ ...TEST_RELAY_ENV, DATABASE_URL: postgres }),
          storage: () => ({ url: postgres }),
        },
      ]
    : []),
];

afterAll(async () => {
  await closeSynthesizers();
});

/** `relay` started, and a client of it (heartbeat every second) that streams what it says. */
async function startTalking(relay: RelayProcess) {
  await relay.start();
  const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC', heartbeatMs: 1000 });
  return { client, sessionId: client.ready.sessionId, streamer: new UtteranceStreamer(client) };
}

/** The session's turns as `storage` holds them once the relay has stopped, and its integrity. */
async function storedSession(storage: OpenStorageOptions, sessionId: string) {
  const opened = await openStorage(storage);
  try {
    const turns = (await opened.sessions.get(DEV_USER_ID, sessionId))?.turns;
    return { turns, integrity: await opened.database.integrityCheck() };
  } finally {
    await opened.close();
  }
}

/** `text` spoken: synthesised, with a pause before it and the silence that ends a turn after. */
async function say(text: string): Promise<Float32Array> {
  const speech = await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 });
  return pcm16ToFloat(speech.samples);
}

describe.each(backends)('kill -9 the relay mid-utterance and restart it ($name)', (backend) => {
  it('the client resumes, the utterance is transcribed complete, history intact, database consistent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
    const relay = new RelayProcess(await freePort(), backend.env(dir));
    try {
      const { client, sessionId, streamer } = await startTalking(relay);
      const turns = [];
      // Turns before the fault: the relay takes audio ahead of real time (a client catching up).
      for (const text of ['Good morning.', 'Thank you very much.'])
        turns.push(...(await streamer.stream(await say(text), { speed: 4 })));
      expect(turns.map((t) => t.status)).toEqual(['completed', 'completed']);

      // The relay dies while the user is saying the third sentence (its first 800 ms sent
      // and not acknowledged); it comes back on the same port.
      await expect.poll(() => client.connection.unackedChunks).toBe(0);
      const third = streamer.stream(await say('What time is it?'), { replyTimeoutMs: 30_000 });
      await expect.poll(() => client.connection.unackedChunks).toBeGreaterThanOrEqual(8);
      expect((await relay.stop('SIGKILL')).signal).toBe('SIGKILL');
      await relay.start();
      const [answer] = await third;
      expect(answer?.status).toBe('completed');
      expect(answer?.transcript).toBe('what time is it');
      expect(answer?.reply).toMatch(/^It's \d{1,2}:\d{2} [AP]M\.$/);
      expect(client.connection.resumes).toBeGreaterThanOrEqual(1);
      expect(client.connection.lostChunks).toBe(0);
      expect(client.ready.sessionId).toBe(sessionId);

      // History intact: the next turn still sees the earlier ones.
      const [recall] = await streamer.stream(await say('What did I just say?'), { speed: 4 });
      expect(recall?.reply).toBe('You said: "what time is it".');
      await expect.poll(() => client.connection.unackedChunks).toBe(0);
      client.close();

      const saved = await storedSession(backend.storage(dir), sessionId);
      expect(saved.turns?.map((t) => t.userText)).toEqual([
        'good morning',
        'thank you very much',
        'what time is it',
        'what did i just say',
      ]);
      expect(
        saved.turns?.every((t) => t.status === 'completed' && t.assistantText.length > 0),
      ).toBe(true);
      expect(saved.integrity).toBe('ok');
    } finally {
      await relay.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('SIGTERM: a graceful restart', () => {
  it('tells clients at once (1012), saves the session, and the client loses no turn across the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sigterm-'));
    const relay = new RelayProcess(await freePort(), { ...TEST_RELAY_ENV, DATA_DIR: dir });
    try {
      const { client, sessionId, streamer } = await startTalking(relay);
      const [first] = await streamer.stream(await say('Good morning.'), { speed: 4 });
      expect(first?.status).toBe('completed');

      await expect.poll(() => client.connection.unackedChunks).toBe(0);
      const second = streamer.stream(await say('Thank you very much.'), { replyTimeoutMs: 30_000 });
      // Mid-sentence: its first 800 ms sent (400 of them the padding before speech), unacknowledged.
      await expect.poll(() => client.connection.unackedChunks).toBeGreaterThanOrEqual(8);
      const stopping = performance.now();
      const exit = await relay.stop('SIGTERM');
      const stopMs = performance.now() - stopping;
      expect(exit.code).toBe(0);
      expect(stopMs).toBeLessThan(10_000);
      expect(
        client.states.some((s) => s.kind === 'reconnecting' && /restart/i.test(s.reason)),
      ).toBe(true);

      await relay.start();
      const [answer] = await second;
      expect(answer?.transcript).toBe('thank you very much');
      expect(answer?.status).toBe('completed');
      expect(client.ready.sessionId).toBe(sessionId);
      // Acknowledged = durably stored.
      await expect.poll(() => client.connection.unackedChunks).toBe(0);
      client.close();

      const saved = await storedSession({ sqlitePath: join(dir, 'parley.db') }, sessionId);
      expect(saved.turns?.map((t) => t.userText)).toEqual(['good morning', 'thank you very much']);
    } finally {
      await relay.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

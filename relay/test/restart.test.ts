import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { openStorage } from '../src/storage/index.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { freePort, RelayProcess } from './relay-process.ts';

const postgres =
  process.env.TEST_DATABASE_URL || (inject('testDatabaseUrl') as string | null | undefined) || null;
const backends = [
  {
    name: 'SQLite',
    env: (dir: string) => ({ DATA_DIR: dir }),
    storage: (dir: string) => ({ sqlitePath: join(dir, 'parley.db') }),
  },
  ...(postgres
    ? [
        {
          name: 'PostgreSQL',
          env: () => ({ DATABASE_URL: postgres }),
          storage: () => ({ url: postgres }),
        },
      ]
    : []),
];

afterAll(async () => {
  await closeSynthesizers();
});

describe.each(backends)('kill -9 the relay mid-conversation ($name)', (backend) => {
  it('keeps every completed turn, ends the session, and the database stays consistent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
    const relay = new RelayProcess(await freePort(), backend.env(dir));
    try {
      await relay.start();
      const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
      const streamer = new UtteranceStreamer(client);
      const say = async (text: string) =>
        pcm16ToFloat(
          (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
        );
      const turns = [];
      for (const text of ['Good morning.', 'Thank you very much.'])
        turns.push(...(await streamer.stream(await say(text))));
      expect(turns.map((t) => t.status)).toEqual(['completed', 'completed']);

      // A third utterance is on its way when the relay dies.
      const third = streamer
        .stream(await say('What time is it?'), { replyTimeoutMs: 5_000 })
        .catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 700));
      expect((await relay.stop('SIGKILL')).signal).toBe('SIGKILL');
      await third;

      await relay.start();
      const storage = await openStorage(backend.storage(dir));
      try {
        const saved = await storage.sessions.get('local', client.ready.sessionId);
        expect(saved?.turns.map((t) => [t.userText, t.status])).toEqual([
          ['good morning', 'completed'],
          ['thank you very much', 'completed'],
        ]);
        expect(saved?.turns.every((t) => t.assistantText.length > 0)).toBe(true);
        expect(saved?.closeReason).toBe('relay-restart');
        expect(saved?.turnCount).toBe(2);
        expect(await storage.database.integrityCheck()).toBe('ok');
      } finally {
        await storage.close();
      }
      // The restarted relay serves new conversations.
      const again = await TalkClient.connect(relay.wsUrl);
      again.close();
    } finally {
      await relay.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

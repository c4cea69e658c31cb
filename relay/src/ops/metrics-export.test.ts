import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionMetricsLine } from '@parley/shared';
import { logger } from '../log/logger.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { sessionMetricsJsonl } from './metrics-export.ts';

describe('the session metrics export stream', () => {
  let storage: Storage;
  let now = 1_000_000;
  beforeEach(async () => {
    storage = await openStorage({ sqlitePath: ':memory:', now: () => now });
  });
  afterEach(() => storage.close());

  /** Reads the whole stream, counting the chunks (one per page read). */
  async function read(stream: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += decoder.decode(chunk, { stream: true });
    }
    return { text, chunks };
  }

  it('reads page after page until the range is done', async () => {
    for (let i = 0; i < 5; i++) {
      await storage.sessions.create({ id: `s${i}`, userId: 'alice' });
      now += 1000;
      await storage.sessions.end(`s${i}`, 'client closed');
    }
    const stream = sessionMetricsJsonl(
      storage,
      { fromMs: 0, toMs: now + 1 },
      logger('test:export'),
      2,
    );
    const { text, chunks } = await read(stream);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => sessionMetricsLine.parse(JSON.parse(l)));
    expect(lines.map((l) => l.sessionId)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    // Three pages of two, two and one: the last, short, ends the stream.
    expect(chunks).toBe(3);
  });

  it('is empty when no session ended in the range, and errors when storage fails', async () => {
    const log = logger('test:export');
    expect(await read(sessionMetricsJsonl(storage, { fromMs: 0, toMs: now }, log))).toEqual({
      text: '',
      chunks: 0,
    });
    await storage.close();
    await expect(read(sessionMetricsJsonl(storage, { fromMs: 0, toMs: now }, log))).rejects.toThrow(
      /destroyed/,
    );
  });
});

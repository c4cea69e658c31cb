import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16ToFloat } from '@parley/shared';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { MoonshinePool } from './moonshine-pool.ts';
import { ReadNotRun, type PoolRead } from './moonshine-reader.ts';
import { MoonshineWorker, type Transcriber } from './moonshine-worker-client.ts';

/** Loading the model compiles its WebAssembly runtime: generous, for a loaded machine. */
const MODEL_TIMEOUT_MS = 60_000;

/** One worker (one model load) for every pool here; closed at the end, not with each pool. */
let worker: MoonshineWorker;
let question: Float32Array;
/** Four seconds of speech: a read that keeps the worker busy a while. */
let long: Float32Array;

beforeAll(async () => {
  worker = await MoonshineWorker.start();
  const said = await synthesizeSpeech('what time is it', { voice: 'slt', leadingSilenceMs: 0 });
  question = pcm16ToFloat(said.samples);
  const story = await synthesizeSpeech(
    'we left early in the morning and drove through the forest for most of the day until we reached the lake',
    { voice: 'awb', leadingSilenceMs: 0 },
  );
  long = pcm16ToFloat(story.samples).subarray(0, 16_000 * 4);
}, MODEL_TIMEOUT_MS);

afterAll(async () => {
  await worker.close();
  await closeSynthesizers();
});

/** The shared worker, kept open when a pool closes. */
const shared = (): Transcriber => ({
  get busy() {
    return worker.busy;
  },
  get alive() {
    return worker.alive;
  },
  transcribe: (audio) => worker.transcribe(audio),
  close: () => Promise.resolve(),
});

const pool = (o: { maxQueuedAudioMs?: number; maxFinalWaitMs?: number } = {}) =>
  MoonshinePool.start({
    workers: 1,
    spawn: () => Promise.resolve(shared()),
    maxQueuedAudioMs: o.maxQueuedAudioMs ?? 30_000,
    maxFinalWaitMs: o.maxFinalWaitMs ?? 60_000,
  });

/** What became of each read, in the order they settled. */
function settled(reads: Record<string, PoolRead>): Promise<string[]> {
  const order: string[] = [];
  return Promise.all(
    Object.entries(reads).map(([name, read]) =>
      read.done.then(
        () => order.push(name),
        (error: unknown) =>
          order.push(`${name}: ${error instanceof ReadNotRun ? error.reason : String(error)}`),
      ),
    ),
  ).then(() => order);
}

describe('MoonshinePool (the real model)', () => {
  it(
    'reads another user’s final before the next read of the user it just served, and finals before partials',
    async () => {
      const p = await pool();
      try {
        const ann = (priority: 'final' | 'partial', stream = 1) =>
          p.read(long, { owner: 'ann', stream, priority });
        const reads = {
          annFirst: ann('final'),
          annAhead: ann('partial'),
          annNext: ann('final'),
          bob: p.read(question, { owner: 'bob', stream: 2, priority: 'final' }),
        };
        expect(p.stats()).toMatchObject({ workers: 1, busy: 1, queued: 3, maxWorkers: 1 });
        expect(await settled(reads)).toEqual(['annFirst', 'bob', 'annNext', 'annAhead']);
        expect(await reads.bob.done).toBe('What time is it?');
      } finally {
        await p.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'caps the audio one user has waiting: their partial is dropped, then their read refused; another user’s is read',
    async () => {
      const p = await pool({ maxQueuedAudioMs: 5_000 });
      try {
        const reads = {
          busy: p.read(long, { owner: 'ann', stream: 1, priority: 'final' }),
          ahead: p.read(long, { owner: 'ann', stream: 1, priority: 'partial' }),
          // 4 s waiting + 4 s > 5 s: her partial makes room for her final.
          final: p.read(long, { owner: 'ann', stream: 1, priority: 'final' }),
          // Nothing of hers left to drop: refused.
          more: p.read(question, { owner: 'ann', stream: 2, priority: 'final' }),
          bob: p.read(long, { owner: 'bob', stream: 3, priority: 'final' }),
        };
        const order = await settled(reads);
        expect(order.slice(0, 2).sort()).toEqual(['ahead: dropped', 'more: refused']);
        expect(order.slice(2)).toEqual(['busy', 'bob', 'final']);
      } finally {
        await p.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'sheds a final that waited past its limit and withdraws one given up, never failing the read running',
    async () => {
      const p = await pool({ maxFinalWaitMs: 1 });
      try {
        const busy = p.read(long, { owner: 'ann', stream: 1, priority: 'final' });
        const gone = p.read(question, { owner: 'cy', stream: 3, priority: 'partial' });
        const reads = {
          busy,
          late: p.read(question, { owner: 'bob', stream: 2, priority: 'final' }),
          gone,
        };
        busy.withdraw();
        gone.withdraw();
        expect(await settled(reads)).toEqual(['gone: withdrawn', 'late: shed', 'busy']);
        expect(p.stats()).toMatchObject({ busy: 0, queued: 0, queuedAudioMs: 0 });
      } finally {
        await p.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );
});

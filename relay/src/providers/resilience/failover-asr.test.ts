import { describe, expect, it } from 'vitest';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import { KeptSamples } from '../../audio/kept-samples.ts';
import { BlockPool } from '../../memory/block-pool.ts';
import { logger } from '../../log/logger.ts';
import type { AsrProvider, AsrResult, AsrStartOptions, AsrStream } from '../stages/asr.ts';
import { FailoverAsr } from './failover-asr.ts';
import { ProviderSlot } from './provider-slot.ts';

/** A recogniser in memory: records what it was given; fails its `finish` when told to. */
class RecordingAsr implements AsrProvider {
  readonly info;
  readonly heard: number[][] = [];
  failFinish = false;

  constructor(id: string) {
    this.info = { id, label: id };
  }

  readonly signals: AbortSignal[] = [];
  /** The view of the utterance each stream was given. */
  readonly views: (HeardAudio | undefined)[] = [];

  start(options: AsrStartOptions): AsrStream {
    const heard: number[] = [];
    this.heard.push(heard);
    this.signals.push(options.signal);
    this.views.push(options.heard);
    return {
      write: (samples) => heard.push(...samples),
      finish: () =>
        this.failFinish
          ? Promise.reject(new Error(`${this.info.id} is down`))
          : Promise.resolve<AsrResult>({ text: `${heard.length} samples`, audioMs: 0 }),
      abort: () => undefined,
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const frame = (value: number) => new Int16Array(1600).fill(value);

function chain(providers: RecordingAsr[], pool: BlockPool, maxReplaySamples = 16_000) {
  const slots = providers.map((p, rank) => new ProviderSlot('asr', rank, p, { now: Date.now }));
  return new FailoverAsr(
    slots,
    { finalMs: 1_000, maxReplaySamples, pool },
    logger('test:failover-asr'),
  );
}

describe('FailoverAsr', () => {
  it('replays the kept audio into the next recogniser when the first fails, then gives it back', async () => {
    const pool = new BlockPool(2000);
    const [a, b] = [new RecordingAsr('a'), new RecordingAsr('b')];
    a.failFinish = true;
    const stream = chain([a, b], pool).start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
    });
    for (const v of [1, 2, 3]) stream.write(frame(v));
    const result = await stream.finish();
    expect(result.provider?.id).toBe('b');
    const expected = [1, 2, 3].flatMap((v) => Array.from(frame(v)));
    expect(b.heard[0]).toEqual(expected);
    expect(pool.allocated).toBe(5);
    expect(pool.freeBlocks).toBe(5);
  });

  it('replays the caller’s audio (its view of what it keeps) and keeps no copy of its own', async () => {
    const pool = new BlockPool(2000);
    const [a, b] = [new RecordingAsr('a'), new RecordingAsr('b')];
    a.failFinish = true;
    // The utterance's owner: its audio, in blocks of its own pool.
    const utterance = new KeptSamples(16_000, new BlockPool(2000));
    const stream = chain([a, b], pool).start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
      heard: utterance.view(),
    });
    for (const v of [1, 2, 3]) {
      utterance.append(frame(v));
      stream.write(frame(v));
    }
    const result = await stream.finish();
    expect(result.provider?.id).toBe('b');
    expect(b.heard[0]).toEqual([1, 2, 3].flatMap((v) => Array.from(frame(v))));
    expect(pool.allocated).toBe(0);
    // Each provider was given the view, to read back what it heard.
    expect(a.views[0]?.samples).toBe(4800);
    expect(b.views[0]?.samples).toBe(4800);
  });

  it('fails an utterance whose owner did not keep all of it when its recogniser fails', async () => {
    const [a, b] = [new RecordingAsr('a'), new RecordingAsr('b')];
    a.failFinish = true;
    const utterance = new KeptSamples(1600, new BlockPool(2000));
    const stream = chain([a, b], new BlockPool(2000)).start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
      heard: utterance.view(),
    });
    for (const v of [1, 2]) {
      utterance.append(frame(v));
      stream.write(frame(v));
    }
    await expect(stream.finish()).rejects.toThrow(/too long to replay/);
    expect(b.heard).toEqual([]);
  });

  it('keeps nothing when no recogniser is left to replay into', async () => {
    const pool = new BlockPool(2000);
    const only = new RecordingAsr('only');
    const stream = chain([only], pool).start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
    });
    for (const v of [1, 2, 3]) stream.write(frame(v));
    await stream.finish();
    expect(only.heard[0]).toHaveLength(4800);
    expect(pool.allocated).toBe(0);
  });

  it('fails an utterance too long to replay when the recogniser serving it fails', async () => {
    const pool = new BlockPool(2000);
    const [a, b] = [new RecordingAsr('a'), new RecordingAsr('b')];
    a.failFinish = true;
    const stream = chain([a, b], pool, 3200).start({
      sampleRateHz: 16_000,
      signal: new AbortController().signal,
    });
    for (const v of [1, 2, 3]) stream.write(frame(v));
    expect(pool.freeBlocks).toBe(pool.allocated);
    await expect(stream.finish()).rejects.toThrow(/too long to replay/);
    expect(b.heard).toHaveLength(0);
  });

  it('gives the kept audio back when the utterance is aborted', () => {
    const pool = new BlockPool(2000);
    const abort = new AbortController();
    const stream = chain([new RecordingAsr('a'), new RecordingAsr('b')], pool).start({
      sampleRateHz: 16_000,
      signal: abort.signal,
    });
    stream.write(frame(1));
    expect(pool.freeBlocks).toBe(0);
    abort.abort();
    expect(pool.freeBlocks).toBe(2);
  });

  it("aborts the serving recogniser's signal with the utterance's reason, and only its own on a failover", async () => {
    const [a, b] = [new RecordingAsr('a'), new RecordingAsr('b')];
    a.failFinish = true;
    const abort = new AbortController();
    const stream = chain([a, b], new BlockPool(2000)).start({
      sampleRateHz: 16_000,
      signal: abort.signal,
    });
    stream.write(frame(1));
    await stream.finish();
    // a failed: its call is aborted; b answered and is still live.
    expect([a.signals[0]?.aborted, b.signals[0]?.aborted]).toEqual([true, false]);
    const reason = new Error('user left');
    abort.abort(reason);
    expect(b.signals[0]?.reason).toBe(reason);
    // A stream started after the utterance was aborted starts aborted.
    const c = new RecordingAsr('c');
    const late = chain([c], new BlockPool(2000));
    late.start({ sampleRateHz: 16_000, signal: abort.signal });
    expect(c.signals[0]?.reason).toBe(reason);
  });
});

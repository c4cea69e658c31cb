import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RELIABLE_PHRASES } from '../../../../test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { DEFAULT_DECODER_ARGS, PocketSphinxAsr, delimiterMs, mergeFlags } from './pocketsphinx.ts';
import { DECODER_TEST_TIMEOUT_MS, feed, isRunning, open } from './pocketsphinx.test-kit.ts';

vi.setConfig({ testTimeout: DECODER_TEST_TIMEOUT_MS });

/**
 * An engine whose decoder never answers (a script that sleeps, named `name` in `dir`), giving up
 * on a finish after 5 s of silence.
 */
async function stuckDecoderAsr(dir: string, name: string): Promise<PocketSphinxAsr> {
  const stuck = join(dir, name);
  await writeFile(stuck, '#!/bin/sh\nexec sleep 60\n');
  await chmod(stuck, 0o755);
  return new PocketSphinxAsr({ binary: stuck, poolSize: 0, finishTimeoutMs: 5_000 });
}

describe('PocketSphinxAsr', () => {
  let asr: PocketSphinxAsr;

  beforeAll(async () => {
    asr = new PocketSphinxAsr();
    await asr.ready();
  });

  afterAll(async () => {
    await asr.close();
    await closeSynthesizers();
  });

  it.each(RELIABLE_PHRASES.slice(0, 5))(
    'transcribes $text spoken by Flite slt',
    async ({ text, transcript }) => {
      const speech = await synthesizeSpeech(text);
      const stream = asr.start(open());
      feed(stream, speech);
      const result = await stream.finish();
      expect(result.text).toBe(transcript);
      expect(result.audioMs).toBe((speech.samples.length * 1000) / 16_000);
    },
  );

  it('transcribes another voice', async () => {
    const phrase = RELIABLE_PHRASES[7];
    if (!phrase) throw new Error('fixture missing');
    const stream = asr.start(open());
    feed(stream, await synthesizeSpeech(phrase.text, { voice: 'rms' }));
    expect((await stream.finish()).text).toBe(phrase.transcript);
  });

  it('resamples 48 kHz input', async () => {
    const phrase = RELIABLE_PHRASES[2];
    if (!phrase) throw new Error('fixture missing');
    const speech = await synthesizeSpeech(phrase.text, { sampleRateHz: 48_000 });
    const stream = asr.start({ sampleRateHz: 48_000, signal: new AbortController().signal });
    feed(stream, speech);
    const result = await stream.finish();
    expect(result.text).toBe(phrase.transcript);
    expect(result.audioMs).toBe((speech.samples.length * 1000) / 48_000);
  });

  it('joins the segments of an utterance with a pause, reporting the first as a partial', async () => {
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 1000 });
    const second = await synthesizeSpeech('Thank you very much.', { leadingSilenceMs: 0 });
    let partial: (text: string) => void = () => undefined;
    const firstSegment = new Promise<string>(
      (resolve) => (partial = (text) => text === 'good morning' && resolve(text)),
    );
    const stream = asr.start({ ...open(), onPartial: (text) => partial(text) });
    feed(stream, first);
    // The decoder's endpointer closes the first segment after 0.5 s of the 1 s pause.
    expect(await firstSegment).toBe('good morning');
    partial = (text) => expect(text.startsWith('good morning')).toBe(true);
    feed(stream, second);
    expect((await stream.finish()).text).toBe('good morning thank you very much');
  });

  it('returns empty text for a finish without audio and keeps the decoder warm', async () => {
    const stream = asr.start(open());
    const pid = stream.pid;
    const finished = stream.finish();
    stream.abort(); // too late: the decoder is already back in the pool
    await expect(finished).resolves.toEqual({ text: '', audioMs: 0 });
    expect(isRunning(pid)).toBe(true);
    const next = asr.start(open());
    expect(next.pid).toBe(pid);
    next.abort();
  });

  it('returns empty text for silence', async () => {
    const stream = asr.start(open());
    stream.write(new Int16Array(16_000));
    await expect(stream.finish()).resolves.toEqual({ text: '', audioMs: 1000 });
  });

  it('abort rejects finish, ignores later writes and keeps the decoder running', async () => {
    const processes = asr.processes;
    const stream = asr.start(open());
    const pid = stream.pid;
    feed(stream, await synthesizeSpeech('What time is it?'));
    stream.abort();
    stream.abort();
    stream.write(new Int16Array(1600));
    await expect(stream.finish()).rejects.toMatchObject({ name: 'AbortError' });
    const next = asr.start(open());
    feed(next, await synthesizeSpeech('Good morning.'));
    await expect(next.finish()).resolves.toMatchObject({ text: 'good morning' });
    expect(isRunning(pid)).toBe(true);
    expect(asr.processes).toBe(processes);
  });

  it('aborting the signal during finish rejects it and keeps the decoder running', async () => {
    const controller = new AbortController();
    const stream = asr.start({ sampleRateHz: 16_000, signal: controller.signal });
    feed(stream, await synthesizeSpeech('What time is it?'));
    const finished = stream.finish();
    controller.abort();
    await expect(finished).rejects.toMatchObject({ name: 'AbortError' });
    const next = asr.start(open());
    feed(next, await synthesizeSpeech('Good morning.'));
    await expect(next.finish()).resolves.toMatchObject({ text: 'good morning' });
    expect(isRunning(stream.pid)).toBe(true);
  });

  it('ignores writes after finish', async () => {
    const stream = asr.start(open());
    stream.write(new Int16Array(1600));
    const finished = stream.finish();
    stream.write(new Int16Array(1600));
    await expect(finished).resolves.toEqual({ text: '', audioMs: 100 });
    expect(stream.finish()).toBe(finished);
  });
});

describe('PocketSphinxAsr failures', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-asr-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says what to install when the binary is missing', async () => {
    const asr = new PocketSphinxAsr({ binary: join(dir, 'no-such-decoder'), poolSize: 1 });
    try {
      await expect(asr.ready()).rejects.toThrow();
      const stream = asr.start(open());
      stream.write(new Int16Array(1600));
      await expect(stream.finish()).rejects.toThrow(
        /not found.*apt-get install pocketsphinx pocketsphinx-en-us/,
      );
    } finally {
      await asr.close();
    }
  });

  it('reports a decoder that fails to load its model', async () => {
    const asr = new PocketSphinxAsr({ args: ['-hmm', join(dir, 'no-model')], poolSize: 0 });
    try {
      const stream = asr.start(open());
      stream.write(new Int16Array(1600));
      await expect(stream.finish()).rejects.toThrow(
        /exited with code .*apt-get install pocketsphinx/,
      );
    } finally {
      await asr.close();
    }
  });

  it('gives up on a decoder that never answers', async () => {
    const asr = await stuckDecoderAsr(dir, 'stuck-decoder');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stream = asr.start(open());
      stream.write(new Int16Array(1600));
      const finished = stream.finish();
      const rejection = expect(finished).rejects.toThrow(/no result within 5000 ms/);
      await vi.advanceTimersByTimeAsync(5_000);
      await rejection;
      vi.useRealTimers();
      await expect.poll(() => isRunning(stream.pid)).toBe(false);
    } finally {
      vi.useRealTimers();
      await asr.close();
    }
  });
  it('never gives the next utterance the decoder a timeout stopped, before its exit is seen', async () => {
    const asr = await stuckDecoderAsr(dir, 'stuck-decoder-next');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stream = asr.start(open());
      stream.write(new Int16Array(1600));
      const rejection = expect(stream.finish()).rejects.toThrow(/no result within 5000 ms/);
      // The timeout kills the decoder; its exit reaches us only on a later turn of the event
      // loop, and the speaker may speak again before that (a loaded relay makes it later).
      vi.advanceTimersByTime(5_000);
      const next = asr.start(open());
      expect(next.pid).toBeDefined();
      expect(next.pid).not.toBe(stream.pid);
      next.abort();
      await rejection;
    } finally {
      vi.useRealTimers();
      await asr.close();
    }
  });
});

describe('delimiterMs', () => {
  it('covers the silence after which the decoder ends a segment, and a margin', () => {
    expect(delimiterMs(DEFAULT_DECODER_ARGS)).toBe(500);
    expect(delimiterMs([])).toBe(800);
    expect(delimiterMs(['-frate', '50', '-vad_postspeech', '20'])).toBe(1000);
  });
});

describe('mergeFlags', () => {
  it('replaces default flags and appends new ones', () => {
    expect(mergeFlags(['-samprate', '16000', '-lw', '6.5'], ['-lw', '7', '-topn', '8'])).toEqual([
      '-samprate',
      '16000',
      '-lw',
      '7',
      '-topn',
      '8',
    ]);
  });

  it('rejects an odd flag list', () => {
    expect(() => mergeFlags([], ['-lw'])).toThrow(RangeError);
  });
});

describe('PocketSphinxAsr’s pool', () => {
  afterAll(() => closeSynthesizers());

  it('says how many decoders run and are busy, and how much audio waits for them', async () => {
    const asr = new PocketSphinxAsr({ poolSize: 0 });
    try {
      expect(asr.poolStats()).toEqual({
        workers: 0,
        busy: 0,
        maxWorkers: null,
        queued: 0,
        queuedAudioMs: 0,
      });
      const speech = await synthesizeSpeech('good morning');
      const stream = asr.start({ ...open(), speaker: 'ada' });
      // The decoder is still loading its model: the whole utterance waits in front of it.
      feed(stream, speech);
      const during = asr.poolStats();
      expect(during).toMatchObject({ workers: 1, busy: 1, queued: 0 });
      expect(during.queuedAudioMs).toBeCloseTo((speech.samples.length / 16_000) * 1000, 0);
      await stream.finish();
      expect(asr.poolStats()).toMatchObject({ workers: 1, busy: 0, queued: 0, queuedAudioMs: 0 });
    } finally {
      await asr.close();
    }
  });
});

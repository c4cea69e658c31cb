import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RELIABLE_PHRASES } from '../../../test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech, type Speech } from '../../../test/fixtures/speech.ts';
import { logger } from '../../log/logger.ts';
import { CONTINUOUS_DECODER, defaultDecoderBinary } from './decoder-binary.ts';
import { DecoderProcess } from './decoder-process.ts';
import { DEFAULT_DECODER_ARGS, PocketSphinxAsr, delimiterMs, mergeFlags } from './pocketsphinx.ts';
import type { PocketSphinxStream } from './pocketsphinx-stream.ts';

// Real decoder processes: at load 18–19 on 2 cores (helpers and a relay suite beside) five of
// these took longer than the default 20 s; the bound is a hang guard, not a timing goal.
vi.setConfig({ testTimeout: 60_000 });

/** Writes `speech` in 100 ms chunks, as the relay does with uplink audio. */
function feed(stream: PocketSphinxStream, speech: Speech): void {
  const chunk = speech.sampleRateHz / 10;
  for (let i = 0; i < speech.samples.length; i += chunk)
    stream.write(speech.samples.slice(i, i + chunk));
}

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const open = () => ({ sampleRateHz: 16_000, signal: new AbortController().signal });

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

describe('PocketSphinxAsr decoder reuse', () => {
  let asr: PocketSphinxAsr;

  beforeAll(async () => {
    asr = new PocketSphinxAsr({ poolSize: 1 });
    await asr.ready();
  });

  afterAll(async () => {
    await asr.close();
  });

  it('serves utterance after utterance on one process, each with its own words', async () => {
    const pids = new Set<number | undefined>();
    const spawned = asr.spawned;
    for (const phrase of RELIABLE_PHRASES.slice(0, 4)) {
      const stream = asr.start(open());
      pids.add(stream.pid);
      feed(stream, await synthesizeSpeech(phrase.text));
      expect((await stream.finish()).text).toBe(phrase.transcript);
    }
    expect(pids.size).toBe(1);
    // One spare loaded after the first claim, none after.
    expect(asr.spawned - spawned).toBeLessThanOrEqual(1);
  });

  it('never lets the words of an abandoned utterance reach the next one on its decoder', async () => {
    // No spare: the next utterance can only go to the decoder the abandoned one had.
    const single = new PocketSphinxAsr({ poolSize: 0 });
    try {
      const speech = await synthesizeSpeech('I would like a cup of coffee.', {
        leadingSilenceMs: 200,
        trailingSilenceMs: 0,
      });
      const next = await synthesizeSpeech('Good morning.');
      // Cut mid-word, mid-block, at several points: the decoder is inside a speech segment.
      for (const cut of [0.3, 0.55, 0.8, 1]) {
        const abandoned = single.start(open());
        const heard: string[] = [];
        abandoned.write(speech.samples.slice(0, Math.round(speech.samples.length * cut)));
        abandoned.abort();
        // At once: its audio may still be decoding, this one's waits for it.
        const stream = single.start({ ...open(), onPartial: (text) => heard.push(text) });
        expect(stream.pid).toBe(abandoned.pid);
        feed(stream, next);
        expect((await stream.finish()).text).toBe('good morning');
        expect(heard.join(' ')).not.toMatch(/coffee|cup|like|would/);
      }
      expect(single.spawned).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('waits for the last segment of audio that reached the decoder in small pieces', async () => {
    // Pieces that are not whole read blocks make the decoder's stdio buffer read ahead of the
    // block it decodes: its read count alone runs ahead of what it has decoded.
    const { samples } = await synthesizeSpeech('What time is it?', { trailingSilenceMs: 0 });
    for (let round = 0; round < 5; round++) {
      const stream = asr.start(open());
      for (let i = 0; i < samples.length; i += 700) {
        stream.write(samples.slice(i, i + 700));
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await stream.finish()).text).toBe('what time is it');
    }
  });

  it('starts no process for utterances started and abandoned over and over', async () => {
    const chunk = (await synthesizeSpeech('Play some music.')).samples.slice(0, 1600);
    const spawned = asr.spawned;
    const processes = asr.processes;
    const pids = new Set<number | undefined>();
    // A burst with no pause (each abandoned utterance queues behind the last), then paced.
    for (let i = 0; i < 30; i++) {
      const stream = asr.start(open());
      pids.add(stream.pid);
      stream.write(chunk);
      stream.abort();
    }
    for (let i = 0; i < 10; i++) {
      const stream = asr.start(open());
      pids.add(stream.pid);
      stream.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
      stream.abort();
    }
    const stream = asr.start(open());
    feed(stream, await synthesizeSpeech('Stop the music.'));
    expect((await stream.finish()).text).toBe('stop the music');
    expect(asr.spawned - spawned).toBeLessThanOrEqual(1);
    expect(pids.size).toBeLessThanOrEqual(2);
    expect(asr.processes).toBeLessThanOrEqual(processes + 1);
  });

  it('gives each speaker decoders of their own, and never another speaker’s', async () => {
    const speech = await synthesizeSpeech('Good morning.');
    const say = async (speaker: string) => {
      const stream = asr.start({ ...open(), speaker });
      feed(stream, speech);
      expect((await stream.finish()).text).toBe('good morning');
      return stream.pid;
    };
    const ada = await say('ada');
    const bob = await say('bob');
    expect(bob).not.toBe(ada);
    expect(await say('ada')).toBe(ada);
    expect(await say('bob')).toBe(bob);
    // An abandoned utterance's decoder stays its speaker's too.
    const abandoned = asr.start({ ...open(), speaker: 'cyd' });
    abandoned.write(speech.samples);
    abandoned.abort();
    expect(await say('ada')).toBe(ada);
    expect(await say('cyd')).toBe(abandoned.pid);
  });

  it('stops a speaker’s decoders once unused for a while, and beyond the most kept', async () => {
    const local = new PocketSphinxAsr({ poolSize: 1, keepForSpeakerMs: 300, maxKept: 2 });
    try {
      await local.ready();
      const speech = await synthesizeSpeech('Nice to meet you.');
      const streams = ['ada', 'bob', 'cyd'].map((speaker) => local.start({ ...open(), speaker }));
      for (const s of streams) feed(s, speech);
      for (const s of streams) expect((await s.finish()).text).toBe('nice to meet you');
      // Three used, at most two kept, and one fresh spare.
      await expect.poll(() => local.processes).toBeLessThanOrEqual(3);
      await expect.poll(() => local.processes, { timeout: 5_000 }).toBe(1);
    } finally {
      await local.close();
    }
  });
});

describe('DecoderProcess without a readable read count', () => {
  it('serves one utterance and exits', async () => {
    const decoder = new DecoderProcess({
      binary: 'pocketsphinx_continuous',
      args: DEFAULT_DECODER_ARGS,
      log: logger('test:asr'),
      delimiterMs: delimiterMs(DEFAULT_DECODER_ARGS),
      readProgress: () => null,
    });
    try {
      await decoder.ready;
      expect(decoder.singleUse).toBe(true);
      const utterance = decoder.begin();
      const { samples } = await synthesizeSpeech('Good morning.');
      utterance.write(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
      await expect(utterance.end(10_000)).resolves.toEqual(['good morning']);
      await decoder.done;
      expect(decoder.alive).toBe(false);
    } finally {
      decoder.kill();
    }
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
    const stuck = join(dir, 'stuck-decoder');
    await writeFile(stuck, '#!/bin/sh\nexec sleep 60\n');
    await chmod(stuck, 0o755);
    const asr = new PocketSphinxAsr({ binary: stuck, poolSize: 0, finishTimeoutMs: 5_000 });
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

describe('parley-sphinx: partial hypotheses while a phrase is spoken', () => {
  let withPartials: PocketSphinxAsr;
  let continuous: PocketSphinxAsr;

  beforeAll(async () => {
    // Built by `pnpm build` where gcc and libpocketsphinx-dev are installed (scripts/test.sh
    // insists); built here too for a test run without a build.
    execFileSync('bash', [
      new URL('../../../native/build.sh', import.meta.url).pathname,
      '--strict',
    ]);
    expect(defaultDecoderBinary()).toMatch(/native\/parley-sphinx$/);
    withPartials = new PocketSphinxAsr({ poolSize: 1 });
    continuous = new PocketSphinxAsr({ binary: CONTINUOUS_DECODER, poolSize: 1 });
    await Promise.all([withPartials.ready(), continuous.ready()]);
  });

  afterAll(async () => {
    await Promise.all([withPartials.close(), continuous.close()]);
    await closeSynthesizers();
  });

  it('tells the words as they are decoded, then the same final text', async () => {
    // A pause after it: the decoder ends the segment without waiting for more audio.
    const speech = await synthesizeSpeech('Please tell me the weather in Paris tomorrow.', {
      trailingSilenceMs: 1000,
    });
    const partials: string[] = [];
    const stream = withPartials.start({ ...open(), onPartial: (text) => partials.push(text) });
    feed(stream, speech);
    // The utterance goes on (no finish yet): the decoder tells its words as it decodes them.
    await expect.poll(() => partials.at(-1)).toMatch(/tell me the weather in paris tomorrow$/);
    const { text } = await stream.finish();
    expect(partials.at(-1)).toBe(text);
    // Word by word: each hypothesis differs from the one before, the first has fewer words.
    expect(partials.length).toBeGreaterThanOrEqual(3);
    expect(new Set(partials).size).toBe(partials.length);
    expect(partials[0]?.split(' ').length).toBeLessThan(text.split(' ').length);
  });

  it('a snapshot at a pause is the segment the decoder closes in the silence, settled', async () => {
    // Silence after the words: the decoder's own endpointer closes the segment in it.
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 600 });
    const second = await synthesizeSpeech('Thank you very much.', { leadingSilenceMs: 300 });
    const stream = withPartials.start(open());
    const snapshot = stream.snapshot(60_000);
    feed(stream, first);
    expect(await snapshot).toMatchObject({ text: 'good morning', settled: true });
    // The utterance goes on: its final text has both segments.
    feed(stream, second);
    expect((await stream.finish()).text).toBe('good morning thank you very much');
  });

  it.each(RELIABLE_PHRASES.slice(0, 8))(
    'recognises $text as pocketsphinx_continuous does',
    async ({ text }) => {
      const speech = await synthesizeSpeech(text);
      const [a, b] = [withPartials.start(open()), continuous.start(open())];
      feed(a, speech);
      feed(b, speech);
      const [ours, theirs] = await Promise.all([a.finish(), b.finish()]);
      expect(ours.text).toBe(theirs.text);
    },
  );
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

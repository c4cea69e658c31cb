import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RELIABLE_PHRASES } from '../../../../test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { logger } from '../../../log/logger.ts';
import { DecoderProcess } from './decoder-process.ts';
import { DEFAULT_DECODER_ARGS, PocketSphinxAsr, delimiterMs } from './pocketsphinx.ts';
import { DECODER_TEST_TIMEOUT_MS, feed, open } from './pocketsphinx.test-kit.ts';

vi.setConfig({ testTimeout: DECODER_TEST_TIMEOUT_MS });

afterAll(() => closeSynthesizers());

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

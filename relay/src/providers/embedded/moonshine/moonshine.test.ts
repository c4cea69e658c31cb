import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wordsOf } from '@parley/shared';
import {
  closeSynthesizers,
  synthesizeSpeech,
  type Speech,
} from '../../../../test/fixtures/speech.ts';
import type { AsrStream } from '../../stages/asr.ts';
import { speechToRead } from './audio-windows.ts';
import { MoonshineAsr } from './moonshine.ts';
import { MoonshineWorker } from './moonshine-worker-client.ts';

/** Loading the model (and, for WebAssembly, compiling its runtime): generous, for a loaded machine. */
const MODEL_TIMEOUT_MS = 60_000;

let asr: MoonshineAsr;

beforeAll(async () => {
  asr = new MoonshineAsr();
  await asr.ready();
}, MODEL_TIMEOUT_MS);

afterAll(async () => {
  await asr.close();
  await closeSynthesizers();
});

/** Writes `speech` in 100 ms chunks, as the relay does with uplink audio. */
function feed(stream: AsrStream, speech: Speech): void {
  const chunk = speech.sampleRateHz / 10;
  for (let i = 0; i < speech.samples.length; i += chunk)
    stream.write(speech.samples.slice(i, i + chunk));
}

/** A held-out long sentence (issue 61): Moonshine's words on it turned on the silence after it. */
const DRAGON =
  'tell me a long story about the dragon who lived in a castle near the sea and loved to read books';

/** `speech` up to its last sound, then `silenceMs` of digital silence. */
function withSilenceAfter(speech: Speech, silenceMs: number): Speech {
  let end = speech.samples.length;
  while (end > 0 && Math.abs(speech.samples[end - 1] ?? 0) < 30) end--;
  const samples = new Int16Array(end + (speech.sampleRateHz * silenceMs) / 1000);
  samples.set(speech.samples.subarray(0, end));
  return { ...speech, samples };
}

/** Moonshine on one real worker, each read's length pushed to `reads`. */
function countingMoonshine(reads: number[], earlyReadQuietMs?: number): MoonshineAsr {
  return new MoonshineAsr({
    workers: 1,
    ...(earlyReadQuietMs === undefined ? {} : { earlyReadQuietMs }),
    spawn: async () => {
      const worker = await MoonshineWorker.start();
      return {
        get busy() {
          return worker.busy;
        },
        get alive() {
          return worker.alive;
        },
        transcribe: (audio: Float32Array) => {
          reads.push(audio.length);
          return worker.transcribe(audio);
        },
        close: () => worker.close(),
      };
    },
  });
}

const open = (extra: Partial<Parameters<MoonshineAsr['start']>[0]> = {}) => ({
  sampleRateHz: 16_000,
  signal: new AbortController().signal,
  ...extra,
});

describe('MoonshineAsr (the real model)', () => {
  it(
    'hears a question, with partial hypotheses while it is said',
    async () => {
      const partials: string[] = [];
      const stream = asr.start(open({ onPartial: (text) => partials.push(text) }));
      const speech = await synthesizeSpeech('what time is it', { voice: 'slt' });
      feed(stream, speech);
      await expect.poll(() => partials.length, { timeout: 20_000 }).toBeGreaterThan(0);
      const result = await stream.finish();
      expect(wordsOf(result.text)).toEqual(['what', 'time', 'is', 'it']);
      expect(result.provider?.id).toBe('moonshine');
      expect(result.audioMs).toBe(Math.round((speech.samples.length / 16_000) * 1000));
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'cuts at a pause: the words so far, settled, and the same final text after silence',
    async () => {
      const stream = asr.start(open());
      feed(stream, await synthesizeSpeech('what is five times six', { voice: 'awb' }));
      expect(stream.capability?.('cut')?.ready()).toBe(true);
      const cut = await stream.snapshot?.();
      expect(cut?.settled).toBe(true);
      expect(wordsOf(cut?.text ?? '')).toEqual(['what', 'is', 'five', 'times', 'six']);
      stream.write(new Int16Array(16_000));
      expect((await stream.finish()).text).toBe(cut?.text);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'hears the words said after a cut',
    async () => {
      const stream = asr.start(open());
      feed(stream, await synthesizeSpeech('thank you', { voice: 'rms', trailingSilenceMs: 600 }));
      const cut = await stream.snapshot?.();
      feed(stream, await synthesizeSpeech('very much', { voice: 'rms' }));
      const final = await stream.finish();
      expect(wordsOf(cut?.text ?? '')).toEqual(['thank', 'you']);
      expect(wordsOf(final.text)).toEqual(['thank', 'you', 'very', 'much']);
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'writes the same speech as the same words, whatever silence its pause or its end left after it',
    async () => {
      // Issue 61, item 4: how much silence follows the last word depends on when a pause or the
      // end was told (a stall, a burst of replayed frames), and the words changed with it.
      const said = await synthesizeSpeech(DRAGON, { voice: 'slt', trailingSilenceMs: 0 });
      const texts = new Set<string>();
      for (const silenceMs of [50, 100, 200, 400]) {
        const stream = asr.start(open());
        feed(stream, withSilenceAfter(said, silenceMs));
        texts.add((await stream.finish()).text);
      }
      // Cut at a pause 100 ms into the silence, the utterance ended 100 ms later.
      const stream = asr.start(open());
      feed(stream, withSilenceAfter(said, 100));
      await stream.snapshot?.();
      stream.write(new Int16Array(1_600));
      texts.add((await stream.finish()).text);
      expect([...texts]).toHaveLength(1);
      expect(wordsOf([...texts][0] ?? '')).toContain('castle');
    },
    MODEL_TIMEOUT_MS,
  );

  it('hears nothing in silence', async () => {
    const stream = asr.start(open());
    stream.write(new Int16Array(16_000 * 2));
    expect((await stream.finish()).text).toBe('');
  });

  it(
    'hears audio at another rate, resampled',
    async () => {
      const speech = await synthesizeSpeech('what time is it', { voice: 'slt' });
      const at48k = new Int16Array(speech.samples.length * 3);
      for (let i = 0; i < at48k.length; i++) at48k[i] = speech.samples[Math.floor(i / 3)] ?? 0;
      const stream = asr.start(open({ sampleRateHz: 48_000 }));
      stream.write(at48k);
      expect(wordsOf((await stream.finish()).text)).toEqual(['what', 'time', 'is', 'it']);
    },
    MODEL_TIMEOUT_MS,
  );

  it('gives up an aborted utterance: its finish rejects, and no partial comes after', async () => {
    const partials: string[] = [];
    const abort = new AbortController();
    const stream = asr.start({
      sampleRateHz: 16_000,
      signal: abort.signal,
      onPartial: (text) => partials.push(text),
    });
    const finished = stream.finish();
    abort.abort(new Error('the user hung up'));
    await expect(finished).rejects.toThrow('the user hung up');
    stream.write(new Int16Array(16_000));
    await expect(stream.finish()).rejects.toThrow('the user hung up');
    expect(partials).toEqual([]);
  });

  it('fails utterances plainly while its model cannot be loaded, and tries again 30 s on', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      let loads = 0;
      const broken = new MoonshineAsr({
        workers: 1,
        spawn: () => {
          loads++;
          return Promise.reject(new Error('no model files'));
        },
      });
      const stream = broken.start(open());
      stream.write(new Int16Array(16_000));
      await expect(stream.finish()).rejects.toThrow('no model files');
      await expect(broken.probe()).rejects.toThrow('no model files');
      expect(loads).toBe(1);
      vi.advanceTimersByTime(30_000);
      await expect(broken.probe()).rejects.toThrow('no model files');
      expect(loads).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it(
    'reads the speech early once it goes quiet: a pause there asks the model nothing more',
    async () => {
      // Issue 61, item 2: the pause's reading, which the answer waits on, is read before the
      // pause is told; the words are the ones a reading at the pause gives (the same audio).
      const reads: number[] = [];
      const counted = countingMoonshine(reads);
      try {
        await counted.ready();
        const stream = counted.start(open());
        feed(stream, await synthesizeSpeech('thank you', { voice: 'rms', trailingSilenceMs: 300 }));
        await expect.poll(() => reads.length, { timeout: 20_000 }).toBe(1);
        const cut = await stream.snapshot?.();
        expect(wordsOf(cut?.text ?? '')).toEqual(['thank', 'you']);
        expect(reads).toHaveLength(1);
        // Speech after it: the early reading is not the utterance's any more.
        feed(stream, await synthesizeSpeech('very much', { voice: 'rms' }));
        expect(wordsOf((await stream.finish()).text)).toEqual(['thank', 'you', 'very', 'much']);
      } finally {
        await counted.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'reads the speech once when the pause is told before the quiet is seen: no early reading of it after the cut',
    async () => {
      // Issue 61, item 2: the client's pause came a chunk before the relay saw 40 ms of quiet;
      // the quiet that followed asked Moonshine to read the same speech again, as a partial, and
      // the worker read it while the answer's reading of new speech waited behind it.
      const reads: number[] = [];
      // The quiet that asks for the early reading comes after the pause here (250 ms of it).
      const counted = countingMoonshine(reads, 250);
      try {
        await counted.ready();
        const stream = counted.start(open());
        const thankYou = await synthesizeSpeech('thank you', { voice: 'rms' });
        feed(stream, withSilenceAfter(thankYou, 0));
        expect(wordsOf((await stream.snapshot?.())?.text ?? '')).toEqual(['thank', 'you']);
        expect(reads).toHaveLength(1);
        stream.write(new Int16Array(4_800));
        feed(stream, await synthesizeSpeech('very much', { voice: 'rms' }));
        expect(wordsOf((await stream.finish()).text)).toEqual(['thank', 'you', 'very', 'much']);
        // The cut's reading, and the whole utterance's: nothing read twice.
        expect(reads).toHaveLength(2);
      } finally {
        await counted.close();
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'reads on onnxruntime-node by default, and on WebAssembly when asked',
    async () => {
      // Issue 61, item 2: the native build reads with less of a core than WebAssembly's (see
      // bench/results/moonshine-cost.md), so a pause's reading keeps its answer waiting less.
      const native = await MoonshineWorker.start();
      const wasm = await MoonshineWorker.start({ runtime: 'wasm' });
      try {
        expect(native.runtime).toBe('native');
        expect(wasm.runtime).toBe('wasm');
        const said = await synthesizeSpeech('what time is it', { voice: 'slt' });
        const audio = speechToRead(Float32Array.from(said.samples, (s) => s / 32_768));
        if (audio === null) throw new Error('no speech in the synthesized question');
        const texts = await Promise.all([native.transcribe(audio), wasm.transcribe(audio)]);
        expect(texts.map(wordsOf)).toEqual([
          ['what', 'time', 'is', 'it'],
          ['what', 'time', 'is', 'it'],
        ]);
      } finally {
        await Promise.all([native.close(), wasm.close()]);
      }
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    'starts its worker again when it died',
    async () => {
      const workers: MoonshineWorker[] = [];
      const own = new MoonshineAsr({
        workers: 1,
        spawn: async () => {
          const worker = await MoonshineWorker.start();
          workers.push(worker);
          return worker;
        },
      });
      await own.ready();
      await workers[0]?.close();
      const stream = own.start(open());
      feed(stream, await synthesizeSpeech('what time is it', { voice: 'slt' }));
      expect(wordsOf((await stream.finish()).text)).toEqual(['what', 'time', 'is', 'it']);
      expect(workers).toHaveLength(2);
      await own.close();
    },
    MODEL_TIMEOUT_MS,
  );
});

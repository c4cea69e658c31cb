import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordsOf } from '@parley/shared';
import {
  closeSynthesizers,
  synthesizeSpeech,
  type Speech,
} from '../../../../test/fixtures/speech.ts';
import type { AsrStream } from '../../stages/asr.ts';
import { PocketSphinxAsr } from '../pocketsphinx/pocketsphinx.ts';
import { MoonshineAsr } from './moonshine.ts';

/** Loading the model and a decoder: generous, for a loaded machine (a hang guard). */
const TIMEOUT_MS = 60_000;

let sphinx: PocketSphinxAsr;
let asr: MoonshineAsr;

beforeAll(async () => {
  sphinx = new PocketSphinxAsr({ poolSize: 1 });
  asr = new MoonshineAsr({ listener: sphinx });
  await Promise.all([sphinx.ready(), asr.ready()]);
}, TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([asr.close(), sphinx.close()]);
  await closeSynthesizers();
});

function feed(stream: AsrStream, speech: Speech): void {
  const chunk = speech.sampleRateHz / 10;
  for (let i = 0; i < speech.samples.length; i += chunk)
    stream.write(speech.samples.slice(i, i + chunk));
}

describe('Moonshine writing while PocketSphinx listens', () => {
  it(
    'tells the listener’s words as they come and at the pause, and answers with Moonshine’s',
    async () => {
      const partials: { text: string; closed: boolean }[] = [];
      const told: string[] = [];
      const stream = asr.start({
        sampleRateHz: 16_000,
        signal: new AbortController().signal,
        onPartial: (text, closed) => partials.push({ text, closed }),
        onWritten: (text) => told.push(`written: ${text}`),
      });
      feed(stream, await synthesizeSpeech('what is five times six', { voice: 'awb' }));
      // A second of silence: the listener closes its words by itself (its end of speech).
      stream.write(new Int16Array(16_000));
      await expect.poll(() => partials.some((p) => p.closed), { timeout: 20_000 }).toBe(true);
      // PocketSphinx writes lower case without punctuation; Moonshine never does.
      expect(partials.every((p) => p.text === p.text.toLowerCase() && !/[.?,]/.test(p.text))).toBe(
        true,
      );
      // A cut: the listener's reading is told first, then the snapshot is Moonshine's words.
      expect(stream.capability?.('cut')?.ready()).toBe(true);
      // The cut says Moonshine writes, and tells its words to the pause's answer (issue 61,
      // item 2) as soon as they are read, before the snapshot, which waits for both.
      expect(stream.capability?.('cut')?.writes).toBe(true);
      const closedBefore = partials.filter((p) => p.closed).length;
      const cut = await stream.snapshot?.();
      told.push(`snapshot: ${cut?.text}`);
      expect(partials.filter((p) => p.closed).length).toBeGreaterThan(closedBefore);
      expect(cut?.text).toBe('What is five times six?');
      expect(told).toEqual([
        'written: What is five times six?',
        'snapshot: What is five times six?',
      ]);
      const final = await stream.finish();
      expect(final.text).toBe('What is five times six?');
      expect(final.provider?.id).toBe('moonshine');
      expect(wordsOf(final.text)).toEqual(['what', 'is', 'five', 'times', 'six']);
    },
    TIMEOUT_MS,
  );

  it(
    'spots the stop phrases as the listener does',
    async () => {
      const spotted: string[] = [];
      const stream = asr.start({
        sampleRateHz: 16_000,
        signal: new AbortController().signal,
        onSpotted: (phrase) => spotted.push(phrase),
      });
      feed(stream, await synthesizeSpeech('wait. stop.', { voice: 'slt', trailingSilenceMs: 600 }));
      await expect.poll(() => spotted, { timeout: 20_000 }).toContain('stop');
      stream.abort();
    },
    TIMEOUT_MS,
  );

  it(
    'keeps the listener’s words when Moonshine cannot read (its model failed to load)',
    async () => {
      const broken = new MoonshineAsr({
        spawn: () => Promise.reject(new Error('no model files')),
        listener: sphinx,
      });
      const stream = broken.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
      feed(stream, await synthesizeSpeech('what time is it', { voice: 'slt' }));
      const final = await stream.finish();
      expect(wordsOf(final.text)).toEqual(['what', 'time', 'is', 'it']);
      // Billed, and told, as the recogniser that heard it.
      expect(final.provider?.id ?? 'pocketsphinx').toBe('pocketsphinx');
    },
    TIMEOUT_MS,
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordsOf } from '@parley/shared';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { logger } from '../../../log/logger.ts';
import { FailoverAsr } from '../../resilience/failover-asr.ts';
import { ProviderSlot } from '../../resilience/provider-slot.ts';
import type { AsrStream } from '../../stages/asr.ts';
import { MoonshineAsr } from './moonshine.ts';

/**
 * One user's long utterance beside another user's short question, on the real model through
 * the chain the relay wraps every recogniser in (its deadline, its breaker), with the default
 * number of workers (on two cores: one). Issue 60, item 8: first come first served, the question
 * waited behind every reading of the long utterance, past the final's deadline, and the breaker
 * counted the wait as Moonshine's failure. Asserted: what is read before what, and the breaker;
 * the times are the bench's (`pnpm bench:moonshine-fair`).
 */

/** Loading the model compiles its WebAssembly runtime; a long utterance is read a while. */
const TIMEOUT_MS = 180_000;
/**
 * The final's deadline (ms), and how long a final may wait for a worker: long, so that on a
 * loaded machine nothing is given up and what is asserted is the order and the breaker.
 */
const FINAL_MS = 60_000;

const STORY = [
  'I want to tell you about the trip we took to the mountains last summer',
  'we left early in the morning and drove for most of the day',
  'the road climbed through forests and small villages with old stone houses',
  'in the evening we reached a little hotel beside a lake',
  'the next day we walked up to a pass where there was still some snow',
  'my brother wanted to go further but the weather was turning',
  'so we came back down and had a long lunch by the water',
  'on the last day we visited a market and bought cheese and bread',
  'I would like to go back there next year with the whole family',
  'can you help me plan a route that takes about a week',
  'we would rather avoid the motorways and stay in small towns',
  'and please tell me what the weather is usually like in june',
];

let moonshine: MoonshineAsr;
let sentences: Int16Array[];
let question: Int16Array;

beforeAll(async () => {
  moonshine = new MoonshineAsr({ maxFinalWaitMs: FINAL_MS });
  await moonshine.ready();
  sentences = [];
  for (const text of STORY)
    sentences.push(
      (await synthesizeSpeech(text, { leadingSilenceMs: 0, trailingSilenceMs: 600 })).samples,
    );
  question = (await synthesizeSpeech('what time is it', { voice: 'slt' })).samples;
}, TIMEOUT_MS);

afterAll(async () => {
  await moonshine.close();
  await closeSynthesizers();
});

/** Writes `samples` in 100 ms chunks, as the relay does with uplink audio. */
function feed(stream: AsrStream, samples: Int16Array): void {
  for (let at = 0; at < samples.length; at += 1_600) stream.write(samples.slice(at, at + 1_600));
}

describe('Moonshine shared by two users', () => {
  it(
    'reads a short question before a long utterance’s readings asked before it; its deadline never counts the wait',
    async () => {
      const slot = new ProviderSlot('asr', 0, moonshine, { now: Date.now });
      const chain = new FailoverAsr(
        [slot],
        { finalMs: FINAL_MS, maxReplaySamples: 16_000 * 120 },
        logger('test:moonshine-fairness'),
      );
      const done: string[] = [];
      const longAbort = new AbortController();
      // Ann says ~55 s, every pause read as the session asks it (where it cuts)...
      const ann = chain.start({ sampleRateHz: 16_000, signal: longAbort.signal, speaker: 'ann' });
      let annLast: Promise<unknown> = Promise.resolve();
      for (const sentence of sentences) {
        feed(ann, sentence);
        annLast = ann.snapshot?.() ?? annLast;
        annLast.catch(() => undefined);
      }
      void annLast.then(
        () => done.push('ann’s last pause'),
        () => done.push('ann’s last pause (given up)'),
      );
      // ...and Bob asks his question as she stops.
      const bob = chain.start({
        sampleRateHz: 16_000,
        signal: new AbortController().signal,
        speaker: 'bob',
      });
      feed(bob, question);
      const bobFinal = await bob.finish();
      done.push('bob’s final');
      expect(wordsOf(bobFinal.text)).toEqual(['what', 'time', 'is', 'it']);
      expect(bobFinal.text).toBe('What time is it?'); // Moonshine's writing, not a stand-in
      expect(done).toEqual(['bob’s final']);
      expect(slot.status()).toMatchObject({ state: 'closed', consecutiveFailures: 0, failures: 0 });
      longAbort.abort(new Error('the test is over'));
    },
    TIMEOUT_MS,
  );
});

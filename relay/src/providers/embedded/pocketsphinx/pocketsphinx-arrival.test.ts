import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { defaultDecoderBinary } from './decoder-binary.ts';
import { PocketSphinxAsr } from './pocketsphinx.ts';
import { DECODER_TEST_TIMEOUT_MS, feed, keptUtterance, open } from './pocketsphinx.test-kit.ts';

vi.setConfig({ testTimeout: DECODER_TEST_TIMEOUT_MS });

/**
 * Issue 61, item 4: a pause's reading is of the audio up to the pause, however far behind it
 * the decoder is when the pause is told. Streamed in real time, the decoder has read up to the
 * pause when it comes; replayed in a burst (after a stall, a dropped connection), it has not,
 * and the reading was of what it had decoded by then: other words at the same pause, which the
 * end of the turn and the answer started at it were judged on.
 */
describe('the embedded recogniser’s reading of a pause', () => {
  beforeAll(() => {
    expect(defaultDecoderBinary()).toMatch(/native\/parley-sphinx$/);
  });

  afterAll(closeSynthesizers);

  it('says the same words at a pause, the decoder up to it or far behind', async () => {
    const speech = await synthesizeSpeech(
      'tell me a long story about the dragon who lived in a castle near the sea',
      { trailingSilenceMs: 150 },
    );
    const reading = async (decoder: 'up to the pause' | 'behind') => {
      // A fresh decoder each (one adapts to the utterances it heard before): only the timing
      // differs.
      const asr = new PocketSphinxAsr({ poolSize: 1 });
      onTestFinished(() => asr.close());
      await asr.ready();
      const { kept, heard } = keptUtterance();
      const stream = asr.start({ ...open(), heard });
      // Seconds of audio at once: as a replay after a stall brings it.
      feed(stream, speech, kept);
      // Up to the pause, as in real time on a machine that keeps up: all the time it needs.
      const read = await (decoder === 'behind'
        ? stream.snapshot()
        : stream.snapshot(DECODER_TEST_TIMEOUT_MS));
      await stream.finish();
      return read;
    };
    const steady = await reading('up to the pause');
    const behind = await reading('behind');
    expect(steady.text).toMatch(/castle near the sea$/);
    expect(steady.settled).toBe(true);
    expect(behind).toMatchObject({ text: steady.text, settled: true });
  });
});

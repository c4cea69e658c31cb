import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { RELIABLE_PHRASES } from '../../../../test/fixtures/phrases.ts';
import {
  closeSynthesizers,
  goingOn,
  storyUtterance,
  synthesizeSpeech,
} from '../../../../test/fixtures/speech.ts';
import { CONTINUOUS_DECODER, defaultDecoderBinary } from './decoder-binary.ts';
import { PocketSphinxAsr } from './pocketsphinx.ts';
import { DECODER_TEST_TIMEOUT_MS, feed, keptUtterance, open } from './pocketsphinx.test-kit.ts';

vi.setConfig({ testTimeout: DECODER_TEST_TIMEOUT_MS });

describe('parley-sphinx: partial hypotheses while a phrase is spoken', () => {
  let withPartials: PocketSphinxAsr;
  let continuous: PocketSphinxAsr;

  beforeAll(async () => {
    // Built by `pnpm build` where gcc and libpocketsphinx-dev are installed (scripts/test.sh
    // insists); built here too for a test run without a build.
    execFileSync('bash', [
      new URL('../../../../native/build.sh', import.meta.url).pathname,
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

  it('says how far into the audio its words reach as it reads on, never past what it was given (issue 63, item 9)', async () => {
    const speech = await synthesizeSpeech('What time is it?', { trailingSilenceMs: 500 });
    const audioMs = (speech.samples.length * 1000) / speech.sampleRateHz;
    const told: { ms: number; words: string }[] = [];
    let words = '';
    const stream = withPartials.start({
      ...open(),
      onPartial: (text) => (words = text),
      onCovered: (ms) => told.push({ ms, words }),
    });
    feed(stream, speech);
    // Told every 2,048 samples read at the latest (128 ms).
    await expect.poll(() => told.at(-1)?.ms ?? 0).toBeGreaterThanOrEqual(audioMs - 128);
    const ms = told.map((t) => t.ms);
    expect(ms.every((m, i) => m <= audioMs && m > (ms[i - 1] ?? 0))).toBe(true);
    // The words of the whole sentence are told only with (or after) a reach past its middle.
    const whole = told.find((t) => t.words.endsWith('is it'));
    expect(whole?.ms ?? 0).toBeGreaterThan(audioMs / 2);
    await stream.finish();
  });

  it('a snapshot at a pause cuts the words there, settled; speech after it is decoded again, whole, and that decode is cut at the next pause', async () => {
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 150 });
    // Flite's own silence before the words cut to 50 ms: a gap between words, shorter than the
    // decoder's own end of segment (200 ms).
    const second = goingOn(
      await synthesizeSpeech('Thank you very much.', { trailingSilenceMs: 150 }),
      50,
    );
    const third = goingOn(await synthesizeSpeech('Play some music.'), 50);
    // The second decoder holds a recognition slot until its decoding is over.
    let slots = 0;
    const admitAnother = () => {
      slots++;
      return () => slots--;
    };
    const { kept, heard } = keptUtterance();
    const stream = withPartials.start({ ...open(), heard, admitAnother });
    expect(stream.capability('cut')?.ready()).toBe(true);
    feed(stream, first, kept);
    // Closed at once where the audio ends (150 ms of silence: the decoder alone waits for 200).
    expect(await stream.snapshot(60_000)).toMatchObject({ text: 'good morning', settled: true });
    // The utterance goes on: it is decoded again, from its start, on another decoder, whose
    // final text is the utterance's.
    expect(stream.wholePid).toBeUndefined();
    feed(stream, second, kept);
    await expect.poll(() => stream.wholePid).toBeGreaterThan(0);
    expect(stream.wholePid).not.toBe(stream.pid);
    expect(slots).toBe(1);
    const whole = stream.wholePid;
    // At the next pause the whole decode is cut: its reading of all the audio, settled, and it
    // is the stream's decoder from then on (the one cut before goes back to the pool).
    expect(stream.capability('cut')?.ready()).toBe(true);
    expect(await stream.snapshot(60_000)).toMatchObject({
      text: 'good morning thank you very much',
      settled: true,
    });
    expect(stream.pid).toBe(whole);
    expect(stream.wholePid).toBeUndefined();
    expect(slots).toBe(1);
    // Speech again: decoded whole once more, on a third decoder (the second's slot is given
    // back once it has decoded what it was given).
    feed(stream, third, kept);
    await expect.poll(() => stream.wholePid).toBeGreaterThan(0);
    expect(stream.wholePid).not.toBe(whole);
    const { text } = await stream.finish();
    expect(text).toBe('good morning thank you very much play some music');
    await expect.poll(() => slots).toBe(0);
  });

  it('after a hesitation as long as the decoder would end a segment in, the cut words stand: no second decode, cut and settled again', async () => {
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 150 });
    // 400 ms of silence after the cut: the decoder alone ends a segment after 200.
    const second = goingOn(
      await synthesizeSpeech('Thank you very much.', { trailingSilenceMs: 150 }),
      400,
    );
    let asked = 0;
    const { kept, heard } = keptUtterance();
    const stream = withPartials.start({
      ...open(),
      heard,
      admitAnother: () => {
        asked++;
        return () => undefined;
      },
    });
    feed(stream, first, kept);
    expect(await stream.snapshot(60_000)).toMatchObject({ text: 'good morning', settled: true });
    feed(stream, second, kept);
    const pause = await stream.snapshot(60_000);
    expect(pause).toMatchObject({ text: 'good morning thank you very much', settled: true });
    expect(asked).toBe(0);
    expect(stream.wholePid).toBeUndefined();
    expect((await stream.finish()).text).toBe(pause.text);
  });

  it('with no recognition free for a second decoder, the cut decoder goes on alone, cut again at the next pause', async () => {
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 150 });
    const second = goingOn(
      await synthesizeSpeech('Thank you very much.', { trailingSilenceMs: 150 }),
      50,
    );
    let asked = 0;
    const { kept, heard } = keptUtterance();
    const stream = withPartials.start({
      ...open(),
      heard,
      admitAnother: () => {
        asked++;
        return null;
      },
    });
    feed(stream, first, kept);
    expect(await stream.snapshot(60_000)).toMatchObject({ settled: true });
    feed(stream, second, kept);
    await expect.poll(() => asked).toBe(1);
    expect(stream.wholePid).toBeUndefined();
    // Its words are the final text's (both parts, decoded apart): cut and settled again.
    const pause = await stream.snapshot(60_000);
    expect(pause.settled).toBe(true);
    expect(pause.text).toMatch(/^good morning .*much$/);
    const { text } = await stream.finish();
    expect(text).toBe(pause.text);
  });

  it("a cut's words come with the nearest other readings of them (its n-best), and a whole segment's also to the session", async () => {
    const first = await synthesizeSpeech('Good morning.', { trailingSilenceMs: 150 });
    const second = goingOn(await synthesizeSpeech('The train leaves at.'), 50);
    const closed: { text: string; alternatives: readonly unknown[] }[] = [];
    const { kept, heard } = keptUtterance();
    const stream = withPartials.start({
      ...open(),
      heard,
      admitAnother: () => () => undefined,
      onPartial: (text, isClosed, alternatives = []) => {
        if (isClosed) closed.push({ text, alternatives });
      },
    });
    feed(stream, first, kept);
    const pause = await stream.snapshot(60_000);
    expect(pause.text).toBe('good morning');
    // Each another reading of all the words so far, told once, with how far behind it scored.
    const others = pause.alternatives ?? [];
    expect(others.length).toBeGreaterThan(0);
    expect(others.length).toBeLessThanOrEqual(3);
    for (const { text, gap } of others) {
      expect(text).not.toBe(pause.text);
      expect(Number.isInteger(gap)).toBe(true);
    }
    expect(new Set(others.map((o) => o.text)).size).toBe(others.length);
    // The segment the cut closed told the same, with its words.
    expect(closed.at(-1)).toEqual({ text: 'good morning', alternatives: others });
    // The next cut's alternatives start with the words before it, as its reading does.
    feed(stream, second, kept);
    const next = await stream.snapshot(60_000);
    expect(next.text).toMatch(/^good morning the train/);
    for (const { text } of next.alternatives ?? []) expect(text).toMatch(/^good morning /);
    await stream.finish();
  });

  it('gives the same words streamed in real time or in bursts: the decode that stands is chosen by what was heard, not when', async () => {
    // The story's pauses: after two gaps shorter than the decoder's own end of segment, and
    // before the end, as a client reports them.
    const { chunks, pausesAfter } = await storyUtterance();
    // Its own decoders, whose end may take as long as a loaded machine needs: a burst's end
    // waits for a decode of the whole story (a hang guard, not a timing goal).
    const asr = new PocketSphinxAsr({ poolSize: 1, finishTimeoutMs: DECODER_TEST_TIMEOUT_MS / 2 });
    onTestFinished(() => asr.close());
    /**
     * The utterance into a fresh decoder (a speaker of its own), a chunk each 100 ms as a
     * microphone sends it, or all at once as after a stall; a snapshot at each pause, as the
     * session asks. Its final text.
     */
    const heard = async (speaker: string, pace: 'real time' | 'bursts') => {
      const { kept, heard } = keptUtterance();
      const stream = asr.start({ ...open(), heard, speaker, admitAnother: () => () => 0 });
      const snapshots: Promise<unknown>[] = [];
      for (const [i, chunk] of chunks.entries()) {
        kept.append(chunk);
        stream.write(chunk);
        if (pausesAfter.has(i)) snapshots.push(stream.snapshot());
        // A microphone's pace: the decoders run beside it, as they do in a call.
        if (pace === 'real time') await new Promise((r) => setTimeout(r, 100));
      }
      const { text } = await stream.finish();
      await Promise.all(snapshots);
      return text;
    };
    const steady = await heard('steady', 'real time');
    const burst = await heard('burst', 'bursts');
    expect(burst).toBe(steady);
    expect(steady).toMatch(/castle he loved to read books$/);
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

describe('parley-sphinx -spot: stop phrases spotted beside the words', () => {
  // Decoders of their own (see above: what a decoder heard before shapes what it hears next).
  let spotting: PocketSphinxAsr;
  let continuous: PocketSphinxAsr;

  beforeAll(async () => {
    spotting = new PocketSphinxAsr({ poolSize: 1 });
    continuous = new PocketSphinxAsr({ binary: CONTINUOUS_DECODER, poolSize: 1 });
    await Promise.all([spotting.ready(), continuous.ready()]);
  });

  afterAll(async () => {
    await Promise.all([spotting.close(), continuous.close()]);
  });

  /** The phrases spotted in `text` said by Flite's `voice`, and its words. */
  async function spotted(asr: PocketSphinxAsr, text: string, voice = 'slt') {
    const speech = await synthesizeSpeech(text, { voice, trailingSilenceMs: 1000 });
    const phrases: string[] = [];
    const stream = asr.start({ ...open(), onSpotted: (phrase) => phrases.push(phrase) });
    feed(stream, speech);
    const { text: words } = await stream.finish();
    return { phrases, words };
  }

  it('spots "stop" (relay/native/stop-phrases.kws) in any voice, as each is said', async () => {
    expect(await spotted(spotting, 'Stop.')).toEqual({ phrases: ['stop'], words: 'stop' });
    expect((await spotted(spotting, 'Stop.', 'kal16')).phrases).toEqual(['stop']);
    expect((await spotted(spotting, 'Stop, stop.', 'awb')).phrases).toContain('stop');
  });

  it('tells each phrase as it is spotted, in the order said, not one spotted before', async () => {
    // The spotter's detections are kept newest first and never cleared (it is never restarted):
    // told by their count, every phrase after a first "wait" was told as "wait" again.
    expect((await spotted(spotting, 'Wait.', 'rms')).phrases).toEqual(['wait']);
    expect((await spotted(spotting, 'Stop.')).phrases).toEqual(['stop']);
    expect((await spotted(spotting, 'Cancel. Stop.')).phrases).toEqual(['cancel', 'stop']);
  });

  it('spots nothing in a backchannel or a sentence with no stop phrase', async () => {
    expect((await spotted(spotting, 'Yeah, yeah.')).phrases).toEqual([]);
    expect(
      (await spotted(spotting, 'Please tell me the weather in Paris tomorrow.')).phrases,
    ).toEqual([]);
  });

  it('where the decoder has no spotter (pocketsphinx_continuous), spots nothing', async () => {
    const { phrases, words } = await spotted(continuous, 'Stop.');
    expect(words).toBe('stop');
    expect(phrases).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  VAD_FRAME_SAMPLES as F,
  VoiceActivityDetector,
  type SpeechModel,
  type VadConfig,
  type VadEvent,
} from './vad.ts';

/** A model that reads the speech probability off the frame: every sample holds it. */
function scriptedModel(): SpeechModel & { released: () => boolean } {
  let released = false;
  return {
    process: (frame) => Promise.resolve(frame[0] ?? 0),
    reset: () => undefined,
    release: () => {
      released = true;
      return Promise.resolve();
    },
    released: () => released,
  };
}

/** A stream of 512-sample frames, each filled with its probability. */
function stream(probabilities: number[]): Float32Array {
  const out = new Float32Array(probabilities.length * F);
  probabilities.forEach((p, i) => out.fill(p, i * F, (i + 1) * F));
  return out;
}

const repeat = (p: number, n: number): number[] => Array.from({ length: n }, () => p);

/** Feeds `audio` in 20 ms blocks (320 samples) from stream index `first`; returns the events. */
async function run(
  audio: Float32Array,
  config: Partial<VadConfig> = {},
  first = 0,
): Promise<{ events: VadEvent[]; vad: VoiceActivityDetector }> {
  const events: VadEvent[] = [];
  const vad = new VoiceActivityDetector(scriptedModel(), {
    onEvent: (e) => events.push(e),
    ...config,
  });
  for (let i = 0; i < audio.length; i += 320) vad.push(audio.subarray(i, i + 320), first + i);
  await vad.idle();
  return { events, vad };
}

const types = (events: VadEvent[]) => events.map((e) => e.type);

describe('VoiceActivityDetector', () => {
  it('reports speech start and end at exact stream positions (500 ms redemption)', async () => {
    // 10 frames of silence, 20 of speech (640 ms), 40 of silence.
    const audio = stream([...repeat(0.02, 10), ...repeat(0.9, 20), ...repeat(0.02, 40)]);
    const { events, vad } = await run(audio);
    expect(types(events)).toEqual(['speechStart', 'speechRealStart', 'speechEnd']);
    expect(events[0]).toEqual({
      type: 'speechStart',
      startSample: 10 * F,
      paddedStartSample: 0, // 800 ms of padding reaches back past the stream start
      decidedAtSample: 11 * F,
    });
    // minSpeechMs 400 = 12 frames of speech: frames 10…21.
    expect(events[1]).toEqual({
      type: 'speechRealStart',
      startSample: 10 * F,
      decidedAtSample: 22 * F,
    });
    // redemptionMs 500 = 15 frames below the negative threshold: frames 30…44.
    expect(events[2]).toEqual({
      type: 'speechEnd',
      startSample: 10 * F,
      paddedStartSample: 0,
      endSample: 30 * F,
      decidedAtSample: 45 * F,
    });
    expect(vad.framesProcessed).toBe(70);
    expect(vad.speaking).toBe(false);
  });

  it('uses the positions of the stream it is fed, with padding limited to preSpeechPadMs', async () => {
    const audio = stream([...repeat(0, 40), ...repeat(0.8, 15), ...repeat(0, 20)]);
    const { events } = await run(audio, { preSpeechPadMs: 320 }, 1_000_000);
    const start = events.find((e) => e.type === 'speechStart');
    expect(start).toMatchObject({
      startSample: 1_000_000 + 40 * F,
      paddedStartSample: 1_000_000 + 30 * F,
    });
    const end = events.find((e) => e.type === 'speechEnd');
    expect(end).toMatchObject({
      endSample: 1_000_000 + 55 * F,
      decidedAtSample: 1_000_000 + 70 * F,
    });
  });

  it('reports a misfire for speech shorter than minSpeechMs', async () => {
    const audio = stream([...repeat(0, 5), ...repeat(0.9, 5), ...repeat(0, 20)]);
    const { events } = await run(audio);
    expect(types(events)).toEqual(['speechStart', 'misfire']);
    // Its speech ended past frame 9: a short word the relay heard can still end a turn there.
    expect(events[1]).toEqual({
      type: 'misfire',
      startSample: 5 * F,
      endSample: 10 * F,
      decidedAtSample: 25 * F,
    });
  });

  it('bridges pauses shorter than the redemption time and ignores in-between probabilities', async () => {
    const audio = stream([
      ...repeat(0.9, 15),
      ...repeat(0.1, 10), // 320 ms pause < 500 ms
      ...repeat(0.27, 30), // between the thresholds: neither speech nor silence
      ...repeat(0.9, 5),
      ...repeat(0.1, 15),
    ]);
    const { events } = await run(audio);
    expect(types(events)).toEqual(['speechStart', 'speechRealStart', 'speechEnd']);
    expect(events[2]).toMatchObject({ startSample: 0, endSample: 60 * F, decidedAtSample: 75 * F });
  });

  it('honours a shorter redemption and other options', async () => {
    const audio = stream([...repeat(0.9, 15), ...repeat(0.1, 10)]);
    const { events } = await run(audio, {
      redemptionMs: 160,
      positiveSpeechThreshold: 0.5,
      negativeSpeechThreshold: 0.35,
    });
    expect(events.at(-1)).toMatchObject({
      type: 'speechEnd',
      endSample: 15 * F,
      decidedAtSample: 20 * F,
    });
  });

  it('emits per-frame probabilities and the segment audio when asked', async () => {
    const audio = stream([...repeat(0, 2), ...repeat(0.9, 13), ...repeat(0, 16)]);
    const { events } = await run(audio, {
      emitFrames: true,
      includeAudio: true,
      preSpeechPadMs: 64,
    });
    const frames = events.filter((e) => e.type === 'frame');
    expect(frames).toHaveLength(31);
    expect(frames[2]).toMatchObject({ type: 'frame', startSample: 2 * F });
    expect(frames[2]?.type === 'frame' ? frames[2].probability : 0).toBeCloseTo(0.9, 6);
    const end = events.find((e) => e.type === 'speechEnd');
    // Padding (2 frames) + speech (13) + redemption (15).
    expect(end?.type === 'speechEnd' ? end.audio?.length : 0).toBe(30 * F);
  });

  it('ends the open segment when the stream jumps', async () => {
    const events: VadEvent[] = [];
    const vad = new VoiceActivityDetector(scriptedModel(), { onEvent: (e) => events.push(e) });
    vad.push(stream(repeat(0.9, 20)), 0);
    vad.push(stream(repeat(0.9, 5)), 100 * F);
    await vad.idle();
    expect(types(events)).toEqual(['speechStart', 'speechRealStart', 'speechEnd', 'speechStart']);
    expect(events[2]).toMatchObject({ endSample: 20 * F, decidedAtSample: 20 * F });
    expect(events[3]).toMatchObject({ startSample: 100 * F, paddedStartSample: 100 * F });
  });

  it('reset drops the segment silently; close releases the model', async () => {
    const model = scriptedModel();
    const events: VadEvent[] = [];
    const vad = new VoiceActivityDetector(model, { onEvent: (e) => events.push(e) });
    vad.push(stream(repeat(0.9, 3)), 0);
    await vad.idle();
    expect(vad.speaking).toBe(true);
    vad.reset();
    expect(vad.speaking).toBe(false);
    vad.push(stream(repeat(0, 30)), 0);
    await vad.idle();
    expect(types(events)).toEqual(['speechStart']);
    await vad.close();
    expect(model.released()).toBe(true);
  });

  it('reset while a frame is inside the model: that frame ends silently, then a fresh start', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const events: VadEvent[] = [];
    let calls = 0;
    const vad = new VoiceActivityDetector(
      {
        process: async (frame) => {
          calls++;
          await gate;
          return frame[0] ?? 0;
        },
        reset: () => undefined,
        release: () => Promise.resolve(),
      },
      { onEvent: (e) => events.push(e) },
    );
    vad.push(stream(repeat(0.9, 3)), 0);
    await Promise.resolve(); // let the first frame reach the model
    await Promise.resolve();
    vad.reset();
    vad.push(stream([...repeat(0, 2), ...repeat(0.9, 13), ...repeat(0, 16)]), 50 * F);
    release();
    await vad.idle();
    expect(types(events)).toEqual(['speechStart', 'speechRealStart', 'speechEnd']);
    expect(events[0]).toMatchObject({ startSample: 52 * F, paddedStartSample: 50 * F });
    expect(calls).toBe(1 + 31); // the in-flight frame, then the new stream
  });

  it('rejects inconsistent thresholds', () => {
    expect(
      () =>
        new VoiceActivityDetector(scriptedModel(), {
          onEvent: () => {},
          positiveSpeechThreshold: 0.2,
          negativeSpeechThreshold: 0.3,
        }),
    ).toThrow(RangeError);
  });
});

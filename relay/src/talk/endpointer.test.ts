import { describe, expect, it } from 'vitest';
import { concat } from '@parley/shared';
import { Endpointer, type EndpointEvent } from './endpointer.ts';

const RATE = 16_000;

/** Tone amplitudes: speech, a soft tail (~-48 dBFS: between the speech and silence levels). */
const AMPLITUDE = { speech: 0.3, tail: 0.0056 } as const;

/**
 * Builds a signal from [kind, ms] parts: 'speech' is a loud tone, 'tail' a soft one, 'quiet'
 * near-silence.
 */
function signal(...parts: ['speech' | 'tail' | 'quiet', number][]): Float32Array {
  const chunks = parts.map(([kind, ms]) => {
    const n = (RATE * ms) / 1000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++)
      x[i] =
        kind === 'quiet'
          ? 1e-4 * Math.sin(i)
          : AMPLITUDE[kind] * Math.sin((2 * Math.PI * 220 * i) / RATE);
    return x;
  });
  return concat(Float32Array, chunks);
}

function run(x: Float32Array, block = 512): EndpointEvent[] {
  const e = new Endpointer({ sampleRateHz: RATE });
  const events: EndpointEvent[] = [];
  for (let i = 0; i < x.length; i += block) events.push(...e.push(x.subarray(i, i + block)));
  return events;
}

describe('Endpointer', () => {
  it('finds one utterance and its end after the redemption silence', () => {
    const events = run(signal(['quiet', 1000], ['speech', 1200], ['quiet', 1000]));
    expect(events.map((e) => e.type)).toEqual([
      'speech-start',
      'speech-real-start',
      'speech-pause',
      'speech-end',
    ]);
    expect(events[0]?.sample).toBe(16_000);
    // 100 ms of silence after the speech is a pause (96 ms, in 20 ms frames).
    expect(events[2]?.sample).toBe(16_000 + 19_200 + 1_600);
    const end = events[3];
    expect(end?.type === 'speech-end' && end.speechEndSample).toBe(16_000 + 19_200);
    // 500 ms of silence = 25 frames of 320 samples after the last speech frame.
    expect(end?.sample).toBe(16_000 + 19_200 + 8_000);
  });

  it('bridges pauses shorter than the redemption time, reporting the pause and the resumption', () => {
    const events = run(signal(['speech', 400], ['quiet', 300], ['speech', 400], ['quiet', 800]));
    expect(events.map((e) => e.type)).toEqual([
      'speech-start',
      'speech-real-start',
      'speech-pause',
      'speech-resume',
      'speech-pause',
      'speech-end',
    ]);
  });

  it("says where a pause's silence began: at the last speech frame, before a soft tail", () => {
    const events = run(signal(['speech', 400], ['tail', 60], ['quiet', 300], ['speech', 400]));
    const pause = events.find((e) => e.type === 'speech-pause');
    // The tail is neither speech nor silence: the pause is found 60 ms later, but its silence
    // began where the speech did end.
    expect(pause?.sample).toBe(6_400 + 960 + 1_600);
    expect(pause?.type === 'speech-pause' && pause.speechEndSample).toBe(6_400);
  });

  it('reports no pause shorter than 96 ms', () => {
    const events = run(signal(['speech', 400], ['quiet', 80], ['speech', 400], ['quiet', 800]));
    expect(events.filter((e) => e.type === 'speech-resume')).toHaveLength(0);
  });

  it('reports a click as a misfire', () => {
    const events = run(signal(['quiet', 200], ['speech', 60], ['quiet', 800]));
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'misfire']);
  });

  it('finds two utterances separated by a long pause', () => {
    const events = run(signal(['speech', 500], ['quiet', 1000], ['speech', 500], ['quiet', 1000]));
    expect(events.filter((e) => e.type === 'speech-end')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ATTACK_S,
  chimeLengthS,
  envelope,
  REMINDER_CHIME,
  scheduleChime,
  type ChimeContext,
} from './earcon.ts';

/** An AudioContext's node factories, recording what is scheduled on its clock. */
function recordingContext() {
  const log: string[] = [];
  const param = (name: string) => ({
    value: 0,
    setValueAtTime: (v: number, t: number) => log.push(`${name} = ${v} @${t.toFixed(3)}`),
    exponentialRampToValueAtTime: (v: number, t: number) =>
      log.push(`${name} → ${v} @${t.toFixed(3)}`),
  });
  const node = () => ({ connect: (next: unknown) => next });
  const context = {
    createOscillator: () => {
      const frequency = param('frequency');
      return {
        ...node(),
        type: '',
        frequency,
        start: (t: number) => log.push(`start ${frequency.value} Hz @${t.toFixed(3)}`),
        stop: (t: number) => log.push(`stop ${frequency.value} Hz @${t.toFixed(3)}`),
      };
    },
    createGain: () => ({ ...node(), gain: param('gain') }),
  } as unknown as ChimeContext;
  return { context, log };
}

describe('the reminder chime', () => {
  it('is short, and each note rises without a click and fades to silence', () => {
    expect(chimeLengthS(REMINDER_CHIME)).toBeCloseTo(1.23, 2);
    for (const tone of REMINDER_CHIME) {
      const [first, peak, last] = envelope(tone, 10);
      expect(first).toEqual({ atS: 10 + tone.startS, gain: 0.0001, ramp: false });
      expect(peak).toEqual({ atS: 10 + tone.startS + ATTACK_S, gain: tone.peakGain, ramp: true });
      expect(last).toEqual({ atS: 10 + tone.startS + tone.durationS, gain: 0.0001, ramp: true });
      expect(tone.peakGain).toBeLessThanOrEqual(0.25);
    }
  });

  it('is scheduled on the audio clock from the time given, note after note', () => {
    const { context, log } = recordingContext();
    const end = scheduleChime(context, {} as AudioNode, REMINDER_CHIME.slice(0, 2), 5);
    expect(end).toBeCloseTo(5.63, 3);
    expect(log).toEqual([
      'gain = 0.0001 @5.000',
      'gain → 0.22 @5.008',
      'gain → 0.0001 @5.400',
      'start 880 Hz @5.000',
      'stop 880 Hz @5.400',
      'gain = 0.0001 @5.180',
      'gain → 0.18 @5.188',
      'gain → 0.0001 @5.630',
      'start 1318.5 Hz @5.180',
      'stop 1318.5 Hz @5.630',
    ]);
  });
});

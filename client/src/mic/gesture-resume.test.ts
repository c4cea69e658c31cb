import { describe, expect, it, vi } from 'vitest';
import type { MicState } from './mic-state.ts';
import { onNextGesture, TapToResume, waitsForTap } from './gesture-resume.ts';

const mic = (state: Partial<MicState>): MicState => ({
  status: 'live',
  faults: [],
  failure: null,
  visible: true,
  ...state,
});

describe('waitsForTap', () => {
  it('is the audio the system took and that would not resume without the user', () => {
    expect(waitsForTap(mic({ status: 'stuck', failure: 'context' }))).toBe(true);
    // A refusal needs the browser's settings first: its own button, not any tap.
    expect(waitsForTap(mic({ status: 'stuck', failure: 'denied' }))).toBe(false);
    expect(waitsForTap(mic({ status: 'recovering', faults: ['context-suspended'] }))).toBe(false);
    expect(waitsForTap(mic({}))).toBe(false);
    expect(waitsForTap(null)).toBe(false);
  });
});

describe('onNextGesture', () => {
  it('calls back once, on the next tap or key press anywhere', () => {
    const page = new EventTarget();
    const resume = vi.fn();
    onNextGesture(page, resume);
    page.dispatchEvent(new Event('scroll'));
    expect(resume).not.toHaveBeenCalled();
    page.dispatchEvent(new Event('touchend'));
    expect(resume).toHaveBeenCalledTimes(1);
    page.dispatchEvent(new Event('click'));
    page.dispatchEvent(new Event('keydown'));
    expect(resume).toHaveBeenCalledTimes(1);
  });

  it('cancelled, it waits for nothing', () => {
    const page = new EventTarget();
    const resume = vi.fn();
    onNextGesture(page, resume)();
    page.dispatchEvent(new Event('click'));
    expect(resume).not.toHaveBeenCalled();
  });
});

describe('TapToResume', () => {
  it('waits for one tap while the microphone needs one, and for none once it is back', () => {
    const page = new EventTarget();
    const resume = vi.fn();
    const taps = new TapToResume(page, resume);
    taps.follow(mic({ status: 'stuck', failure: 'context' }));
    // Told again (the state is published on every change): still one wait, one resume.
    taps.follow(mic({ status: 'stuck', failure: 'context' }));
    page.dispatchEvent(new Event('click'));
    page.dispatchEvent(new Event('click'));
    expect(resume).toHaveBeenCalledTimes(1);

    taps.follow(mic({ status: 'stuck', failure: 'context' }));
    taps.follow(mic({}));
    page.dispatchEvent(new Event('click'));
    expect(resume).toHaveBeenCalledTimes(1);

    taps.follow(mic({ status: 'stuck', failure: 'context' }));
    taps.stop();
    page.dispatchEvent(new Event('keydown'));
    expect(resume).toHaveBeenCalledTimes(1);
  });
});

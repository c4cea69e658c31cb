/** Linear gain ramps for the playback queue's fades, counted in samples. Pure. */

/** A linear gain ramp: sample k (1-based) of `frames` plays at from + (to − from)·k/frames. */
export interface Ramp {
  from: number;
  to: number;
  frames: number;
  done: number;
}

/** Advances `ramp` by one sample and returns that sample's gain (exactly `to` on the last). */
export function step(ramp: Ramp): number {
  ramp.done++;
  return ramp.done >= ramp.frames
    ? ramp.to
    : ramp.from + ((ramp.to - ramp.from) * ramp.done) / ramp.frames;
}

/** Frames a full-range ramp of `fullFrames` takes to cover `span` (0…1) of gain at its slope. */
export function rampFrames(span: number, fullFrames: number): number {
  // The epsilon keeps 0.1 · 240 (= 24.000000000000004) from becoming 25.
  return Math.max(0, Math.ceil(span * fullFrames - 1e-9));
}

import type { TurnMachineOptions } from './turn-effects.ts';

/** Default of `TurnMachineOptions.onsetWindowMs` (ms). */
const ONSET_WINDOW_MS = 150;

/**
 * The reply ducked for a possible interruption, awaiting confirmation: a loud onset waits for
 * the VAD's speech start (`byVad` false) for `onsetWindowMs`, a speech start waits for real
 * speech (`byVad` true) for `misfireWindowMs`. Past its window the reply comes back.
 */
export class ReplyDuck {
  constructor(
    /** When the sound that ducked it began (stream ms). */
    readonly sinceMs: number,
    readonly byVad: boolean,
  ) {}

  /** Why the reply comes back when its window is over at `nowMs`; null while it runs. */
  expired(
    nowMs: number,
    o: Pick<TurnMachineOptions, 'misfireWindowMs' | 'onsetWindowMs'>,
  ): string | null {
    const windowMs = this.byVad ? o.misfireWindowMs : (o.onsetWindowMs ?? ONSET_WINDOW_MS);
    if (nowMs - this.sinceMs < windowMs) return null;
    return this.byVad ? 'no speech within the window' : 'a loud sound the VAD did not call speech';
  }
}

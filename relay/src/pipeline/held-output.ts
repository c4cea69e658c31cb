import { forwardingOutput } from './output-forwarding.ts';
import type { TurnOutput } from './turn.ts';

/**
 * A turn output that holds everything back until released: a speculative answer runs ahead
 * (transcript, text, audio) but nothing reaches the user before the turn is really over. On
 * `release` the held calls replay in order into the live output, and later calls go straight
 * through; a discarded speculation is simply never released.
 */
export class HeldOutput implements Required<TurnOutput> {
  private readonly forward = forwardingOutput((call) => this.pass(call));
  readonly transcript = this.forward.transcript;
  readonly replyDelta = this.forward.replyDelta;
  readonly segment = this.forward.segment;
  readonly audio = this.forward.audio;
  readonly error = this.forward.error;
  readonly tool = this.forward.tool;
  private held: ((out: TurnOutput) => void)[] = [];
  private target: TurnOutput | null = null;
  private markReleased: () => void = () => undefined;
  /** Resolves once released (never, for a speculation that is dropped). */
  readonly released = new Promise<void>((resolve) => (this.markReleased = resolve));

  release(target: TurnOutput): void {
    this.target = target;
    this.markReleased();
    const held = this.held;
    this.held = [];
    for (const call of held) call(target);
  }

  private pass(call: (out: TurnOutput) => void): void {
    if (this.target) call(this.target);
    else this.held.push(call);
  }
}

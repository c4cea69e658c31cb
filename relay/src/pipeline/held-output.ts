import type { ToolTurnEvent } from '@parley/shared';
import type { RelayError } from '../errors.ts';
import type { TurnOutput } from './turn.ts';

/**
 * A turn output that holds everything back until released: a speculative answer runs ahead
 * (transcript, text, audio) but nothing reaches the user before the turn is really over. On
 * `release` the held calls replay in order into the live output, and later calls go straight
 * through; a discarded speculation is simply never released.
 */
export class HeldOutput implements TurnOutput {
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

  transcript(text: string): void {
    this.pass((o) => o.transcript(text));
  }
  replyDelta(text: string): void {
    this.pass((o) => o.replyDelta(text));
  }
  segment(index: number, text: string, startSample: number): void {
    this.pass((o) => o.segment(index, text, startSample));
  }
  audio(samples: Int16Array, packets?: readonly Uint8Array[]): void {
    this.pass((o) => o.audio(samples, packets));
  }
  error(err: RelayError): void {
    this.pass((o) => o.error(err));
  }
  tool(event: ToolTurnEvent): void {
    this.pass((o) => o.tool?.(event));
  }

  private pass(call: (out: TurnOutput) => void): void {
    if (this.target) call(this.target);
    else this.held.push(call);
  }
}

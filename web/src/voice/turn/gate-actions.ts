import type { GateAction, UtteranceGate } from '@parley/shared';
import type { VadEvent } from '../../audio/vad.ts';

/** Silence kept after the last speech frame of an utterance (200 ms at 16 kHz). */
const TRAILING_SILENCE_SAMPLES = 3_200;

/** What the utterance gate makes of a VAD decision the turn machine forwarded. */
export function gateActions(gate: UtteranceGate, e: VadEvent): GateAction[] {
  switch (e.type) {
    case 'speechStart':
      return gate.speechStart(e.startSample);
    case 'misfire':
      return gate.misfire();
    case 'speechEnd':
      // The recogniser needs only a little silence after the last word, and the chunks holding
      // it were sent during the VAD's redemption time: end now, not at the next chunk.
      return gate.speechEnd(Math.min(e.decidedAtSample, e.endSample + TRAILING_SILENCE_SAMPLES));
    default:
      return [];
  }
}

/** The VAD's end of a sound over the reply, held while its words are awaited (`hold-end`). */
export class HeldEnd {
  private e: VadEvent | null = null;

  hold(e: VadEvent): void {
    this.e = e;
  }

  /** The words took the turn: the held end goes to the gate. */
  release(gate: UtteranceGate): GateAction[] {
    const e = this.e;
    this.e = null;
    return e ? gateActions(gate, e) : [];
  }

  /** No turn after all: the utterance is dropped. */
  drop(gate: UtteranceGate): GateAction[] {
    this.e = null;
    return gate.drop();
  }
}

import type { GateAction, UtteranceGate } from '@parley/shared';
import type { VadEvent } from '../audio/vad.ts';

/** What the utterance gate makes of a VAD decision the turn machine forwarded. */
export function gateActions(gate: UtteranceGate, e: VadEvent): GateAction[] {
  switch (e.type) {
    case 'speechStart':
      return gate.speechStart(e.startSample);
    case 'misfire':
      return gate.misfire();
    case 'speechEnd':
      return gate.speechEnded(e.endSample, e.decidedAtSample);
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

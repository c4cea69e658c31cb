import type { UtteranceGate } from '@parley/shared';
import type { VadEvent } from '../audio/vad.ts';
import { gateActions, type HeldEnd } from './gate-actions.ts';
import { speechOnsetMs, type ReplyCuts } from './reply-cuts.ts';
import { now } from './trace-id.ts';
import type { TurnMachine, TurnEffect } from './turn-machine.ts';
import type { ControlEvent, TurnTakerDeps } from './turn-taker-deps.ts';
import type { UtteranceWire } from './utterance-wire.ts';

/** One turn-taking decision (event → effects), for debugging. */
export interface TurnDecision {
  atMs: number;
  event: string;
  phase: string;
  effects: string[];
}

/** What the turn machine's effects act on: the parts of a TurnTaker (turn-taker.ts). */
export interface EffectParts {
  machine: TurnMachine;
  gate: UtteranceGate;
  wire: UtteranceWire;
  cuts: ReplyCuts;
  held: HeldEnd;
  d: TurnTakerDeps;
  /** The last decisions (bounded), for debugging. */
  decisions: TurnDecision[];
  /** Capture time of the last loud onset (epoch ms). */
  onsetAtMs(): number;
}

/**
 * Carries out the turn machine's `effects` of event `e` (none: time passing) on the turn-taker's
 * parts: the utterance gate and its wire, the player, the reply cuts, a held end; the decision
 * is logged and the phase told.
 */
export function carryOut(p: EffectParts, effects: TurnEffect[], e?: VadEvent | ControlEvent): void {
  if (e || effects.length > 0) {
    p.decisions.push({
      atMs: now(),
      event: typeof e === 'string' ? e : (e?.type ?? 'tick'),
      phase: p.machine.phase,
      effects: effects.map((x) => x.type),
    });
    if (p.decisions.length > 200) p.decisions.shift();
  }
  for (const effect of effects) {
    switch (effect.type) {
      case 'forward':
        if (typeof e !== 'object') break;
        // An utterance said over the reply has its words sent at once: they decide.
        if (e.type === 'speechStart') p.wire.overReply = p.machine.overReply && p.machine.byWords;
        p.wire.run(gateActions(p.gate, e));
        break;
      case 'pause-playback':
        void p.d.player.pause();
        break;
      case 'resume-playback':
        p.d.player.resume();
        break;
      case 'barge-in':
        // Speech cut it (a VAD event, its words, a tick judging them), or a control did.
        void p.cuts.stop(
          effect.turnId,
          typeof e === 'string' && e !== 'words'
            ? { requestedAtMs: now() }
            : { speechAtMs: speechOnsetMs(p.onsetAtMs(), p.wire.speechStartAtMs) },
        );
        break;
      case 'cancel-reply':
        p.cuts.cancel(effect.turnId);
        break;
      case 'drop-utterance':
        p.wire.run(p.held.drop(p.gate), 'backchannel');
        break;
      case 'hold-end': {
        if (typeof e === 'object') p.held.hold(e);
        // A level hum heard as words: the relay reads the whole sound (Moonshine's words of
        // it, where it writes), no answer started (issue 61).
        const turnId = p.gate.activeTurnId;
        if (effect.readWhole && turnId !== null && p.wire.lastSentSeq >= 0)
          p.d.send({ type: 'utterance.pause', turnId, lastSeq: p.wire.lastSentSeq });
        break;
      }
      case 'release-end':
        p.wire.run(p.held.release(p.gate));
        break;
      case 'judged':
        p.cuts.judged(effect.turnId, effect);
        break;
    }
  }
  p.d.events.phase(p.machine.phase);
}

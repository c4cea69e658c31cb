import { playedSamplesAtRate, type TurnPlayback } from '../audio/turn-playback.ts';
import type { CallControls } from './call-controls.ts';
import type { OpenCall } from './open-call.ts';
import type { Leaving } from './tab-hand-off.ts';

/**
 * A spoken call as its page goes away and hands the session over (see tab-hand-off.ts): what
 * the user was saying ends there, as when the microphone stops (it is answered, on the next
 * page), its audio and its end given to the connection now, not after their encoding, which
 * would come when the page has gone; the reply being heard is cut where it is.
 */
export function callLeaving(
  call: Pick<OpenCall, 'turns' | 'uplink' | 'player' | 'ready'> | null,
  controls: Pick<CallControls, 'isMuted' | 'inputMode'>,
): Leaving {
  const { isMuted: muted, inputMode } = controls;
  if (!call) return { mode: 'call', muted, inputMode, cut: null };
  call.turns?.micPaused();
  call.uplink.drain();
  const { player, ready } = call;
  const cut = replyBeingHeard(player.turns.values(), player.sampleRateHz, ready.outputSampleRateHz);
  return { mode: 'call', muted, inputMode, cut };
}

/**
 * The latest reply heard in part — begun, not stopped, not played to its end — and how much of
 * it was heard, at the relay's output rate; null when none is (the latest heard to its end, or
 * none begun yet: an answer still to come is heard on the next page). Pure.
 */
export function replyBeingHeard(
  turns: Iterable<TurnPlayback>,
  contextRateHz: number,
  outputRateHz: number,
): { turnId: number; playedSamples: number } | null {
  const begun = [...turns].filter((t) => !t.stopped && t.playedSamples > 0).at(-1);
  if (!begun) return null;
  if (begun.ended && begun.playedSamples >= begun.enqueuedSamples) return null;
  return {
    turnId: begun.turnId,
    playedSamples: playedSamplesAtRate(begun, contextRateHz, outputRateHz),
  };
}

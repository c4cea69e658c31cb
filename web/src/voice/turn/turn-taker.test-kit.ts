import type { AudioPlayer } from '../../audio/player.ts';
import type { TurnTakerDeps, TurnTakerEvents } from './turn-taker.ts';

/** A turn-taker's events, ignored unless a test listens to some of them (`listen`). */
export function quietEvents(listen: Partial<TurnTakerEvents> = {}): TurnTakerEvents {
  return {
    phase: () => undefined,
    userTurn: () => undefined,
    userTurnDropped: () => undefined,
    trace: () => undefined,
    interrupted: () => undefined,
    ...listen,
  };
}

/** An audio output that plays nothing: nothing was played, nothing silenced. */
export function silentPlayer(): AudioPlayer {
  return {
    pause: () => Promise.resolve(),
    resume: () => undefined,
    stop: () => Promise.resolve(),
    playedSamplesAt: () => 0,
    silencedAtMs: () => undefined,
  } as unknown as AudioPlayer;
}

/**
 * A turn-taker's deps for scenarios that send the VAD's events themselves: its own end of speech
 * ends turns (the VAD's fixed rule), a 16 kHz stream whose sample n was captured at n / 16 ms,
 * replies at 16 kHz, full duplex, turns from 1, events ignored. `deps` gives the wire and the
 * player, and may change any of the rest.
 */
export function scenarioDeps(
  deps: Pick<TurnTakerDeps, 'send' | 'sendChunk' | 'player'> & Partial<TurnTakerDeps>,
): TurnTakerDeps {
  return {
    events: quietEvents(),
    epochMsOf: (sample) => sample / 16,
    outputRateHz: 16_000,
    duplex: 'full',
    firstTurnId: 1,
    endSpeech: () => undefined,
    eagerness: 'balanced',
    endOfTurnRule: 'fixed',
    vadThresholds: { positive: 0.3, negative: 0.25 },
    ...deps,
  };
}

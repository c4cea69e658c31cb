import type { ConnectionState, ServerMessage } from '@parley/shared';
import type { CallPhase } from './call-phase.ts';
import type { CallSink } from './call-sink.ts';
import type { TurnTakerEvents } from '../turn/turn-taker.ts';

/**
 * What turn-taking tells the page, shown through `sink` (its phase is the call's, `phase`). The
 * utterances it drops (a backchannel over the reply, a misfire) are added to `dropped` (see
 * {@link isLateWords}).
 */
export function turnEventsToSink(
  sink: Pick<CallSink, 'transcript' | 'turn' | 'latency'>,
  phase: Pick<CallPhase, 'set'>,
  dropped: Set<number>,
): TurnTakerEvents {
  return {
    phase: (p) => phase.set(p),
    userTurn: (turnId, text, final) => sink.transcript({ turnId, text, final }),
    userTurnDropped: (turnId) => {
      dropped.add(turnId);
      sink.turn({ kind: 'dropped', turnId });
    },
    trace: (turnId, update) => sink.latency({ kind: 'trace', turnId, update }),
    interrupted: (turnId) => sink.turn({ kind: 'interrupted', turnId }),
  };
}

/**
 * Whether `m` is the relay's words of an utterance the page has dropped: sent before the relay
 * had the cancel (over a reply its words come unthrottled, until the cancel), they would bring
 * the dropped "yeah yeah" back as a bubble no turn ever ends (found by e2e/over-reply.spec.ts).
 */
export function isLateWords(m: ServerMessage, dropped: ReadonlySet<number>): boolean {
  return m.type === 'transcript.partial' && dropped.has(m.turnId);
}

/**
 * `events`, and the user's taking the floor (a spoken turn begins, a reply is cut) also silences
 * `quiet` (the earcon of a tool at work: the user speaks now).
 */
export function quietsTools(events: TurnTakerEvents, quiet: () => void): TurnTakerEvents {
  return {
    ...events,
    userTurn: (turnId, text, final) => {
      if (!final && text === '') quiet();
      events.userTurn(turnId, text, final);
    },
    interrupted: (turnId) => {
      quiet();
      events.interrupted(turnId);
    },
  };
}

/**
 * The connection's state, as the page shows it (`online`: whether the browser says the network
 * works; `reconnecting`: the connection is shown reconnecting, and an attempt's `connecting`
 * leaves it so). Returns true when the relay refused for good (or the connection gave up): the
 * call must end.
 */
export function showConnectionState(
  sink: Pick<CallSink, 'connection'>,
  online: boolean,
  state: ConnectionState,
  reconnecting: boolean,
): boolean {
  switch (state.kind) {
    case 'connecting':
      if (!reconnecting) sink.connection({ status: 'connecting' });
      return false;
    case 'connected':
      sink.connection({ status: 'connected', resumed: state.resumed });
      return false;
    case 'reconnecting':
      sink.connection({
        status: 'reconnecting',
        attempt: state.attempt,
        nextInMs: state.nextInMs,
      });
      return false;
    case 'offline':
      // A relay that does not answer while the network works is not "offline".
      sink.connection({
        status:
          online && (state.loss === 'unreachable' || state.loss === 'restarting')
            ? 'unreachable'
            : 'offline',
      });
      return true;
  }
}

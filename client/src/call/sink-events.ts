import type { ParleyCallEvents } from '../parley-call-types.ts';
import type { CallSink } from './call-sink.ts';
import { projectMessage } from './message-events.ts';

/** Tells one event of `ParleyCallEvents` (the call's emitter). */
export type EmitEvent = <E extends keyof ParleyCallEvents>(
  event: E,
  payload: ParleyCallEvents[E],
) => void;

/**
 * The call's sink told as `ParleyCallEvents` (docs/design/client-package.md §3.2): each sink call
 * becomes none, one or (a relay message) two events, synchronously and in the call's order. It
 * keeps nothing: what an event says is in the sink call it comes from.
 *
 * What the sink tells that §3.2 has no event for is not told: `call-session`, `typed-session`
 * and `language` (the opened session's `language` and `resumed` say it), and figures without a
 * voice-to-voice time.
 */
export function sinkEvents(emit: EmitEvent): CallSink {
  return {
    state: (e) => emit('state', e),
    connection: (e) => emit('connection', e),
    message: (m) => {
      // The message first: a page's own reducer sees it before what is projected of it.
      emit('message', m);
      const projected = projectMessage(m);
      if (projected) emit(projected.event, projected.payload);
    },
    // A turn's final words told by the call are a typed turn's (a spoken turn's final words come
    // from the relay, as `transcript.final`: see projectMessage).
    transcript: ({ turnId, text, final }) =>
      emit('transcript', { turnId, text, final, typed: final }),
    turn: (e) => emit('turn', e),
    error: (e) => {
      if (e.kind !== 'relay') return emit('error', e);
      const { code, message, retryable, turnId } = e.error;
      emit('error', {
        kind: 'relay',
        code,
        message,
        retryable,
        ...(turnId === undefined ? {} : { turnId }),
      });
    },
    latency: (e) => {
      if (e.kind !== 'figures') return emit('latency', e);
      const ms = e.figures.voiceToVoiceMs;
      if (ms !== undefined) emit('latency', { kind: 'voice-to-voice', turnId: e.turnId, ms });
    },
    level: (e) => emit('level', e),
    mic: (e) => emit('mic', e),
    controls: (e) => emit('controls', e),
    session: (e) => {
      switch (e.kind) {
        case 'opened':
        case 'duplex':
        case 'continued':
        case 'not-continued':
        case 'closed':
        case 'handed-over':
          return emit('session', e);
        case 'call-session':
        case 'typed-session':
        case 'language':
          return;
      }
    },
  };
}

import type { ServerMessage } from '@parley/shared';
import type { ParleyCallEvents } from '../parley-call-types.ts';

/** One event of `ParleyCallEvents`, with its name. */
export type NamedEvent = {
  [E in keyof ParleyCallEvents]: { event: E; payload: ParleyCallEvents[E] };
}[keyof ParleyCallEvents];

/**
 * The typed event a relay message stands for, for a page that does not read the protocol
 * itself (null: none; the message still comes as `message`). The app's transcript reducer eats
 * `message` and needs none of these (risk R2: one transcript model, the app's).
 *
 * A relay `error` is not projected here: the call tells it as `error` `relay` when its link
 * reads it, before the message itself (see sink-events.ts).
 */
export function projectMessage(m: ServerMessage): NamedEvent | null {
  switch (m.type) {
    case 'transcript.partial':
      return { event: 'partial', payload: { turnId: m.turnId, text: m.text } };
    case 'transcript.final':
      // A spoken turn's final words (a typed turn's are told when it is sent).
      return {
        event: 'transcript',
        payload: { turnId: m.turnId, text: m.text, final: true, typed: false },
      };
    case 'reply.delta':
      return { event: 'reply', payload: { kind: 'delta', turnId: m.turnId, text: m.text } };
    case 'reply.truncated':
      return { event: 'reply', payload: { kind: 'truncated', turnId: m.turnId, heard: m.heard } };
    case 'turn.done':
      return {
        event: 'reply',
        payload: { kind: 'done', turnId: m.turnId, status: m.status, text: m.reply },
      };
    case 'tool.call':
    case 'tool.result':
    case 'tool.confirm':
    case 'tool.closed':
    case 'tool.progress':
      return { event: 'tool', payload: m };
    case 'providers.changed':
      return { event: 'session', payload: { kind: 'providers', providers: m.providers } };
    default:
      return null;
  }
}

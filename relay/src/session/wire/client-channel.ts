import type { ServerMessage } from '@parley/shared';
import type { RelayError } from '../../errors.ts';

/**
 * How soon the client needs what is sent: `now` leaves with this turn of the event loop; `soon`
 * may wait a little (see `LAZY_FLUSH_MS`) to leave with later output in one write — reply output
 * well ahead of playback, the running cost, acknowledgements.
 */
export type Urgency = 'now' | 'soon';

/** Sends bytes to the client: a JSON message already encoded, or a binary reply-audio frame. */
export type Send = (data: string | Uint8Array<ArrayBuffer>, urgency?: Urgency) => void;

/** The client, as protocol code sees it: one way to send, each message with its urgency. */
export interface ClientChannel {
  /** Default urgency: `now`. */
  send: Send;
  /** Tells the client of an error that does not end the connection (of `turnId`'s turn). */
  tell(err: RelayError, turnId?: number): void;
}

/** Encodes `message` and sends it on `channel`. */
export function sendMessage(
  channel: Pick<ClientChannel, 'send'>,
  message: ServerMessage,
  urgency: Urgency = 'now',
): void {
  channel.send(JSON.stringify(message), urgency);
}

import { WebSocket } from 'ws';

/**
 * Hands `socket`'s binary messages to `onBinary` as ws delivers them, ahead of
 * @hono/node-server's adapter: a view of the bytes read from the network (unmasked in place by
 * ws; Node reads every socket into a fresh buffer and nothing writes to it afterwards, so the
 * view is the caller's to keep). The adapter would copy each message into a new ArrayBuffer and
 * wrap it in a `MessageEvent`: an allocation, a copy and an event object per microphone chunk
 * (docs/decisions.md#microphone-frames-straight-from-ws-unmasked-natively). Text messages,
 * `close` and `error` go on through the adapter. Does nothing for sockets that are not ws's.
 */
export function takeBinaryMessages(socket: unknown, onBinary: (bytes: Uint8Array) => void): void {
  if (!(socket instanceof WebSocket)) return;
  const emit = socket.emit.bind(socket);
  // ws's receiver reports each message as `emit('message', data, isBinary)`; with the default
  // `binaryType` ('nodebuffer') a binary message is one Buffer, its fragments already joined.
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'message' && args[1] === true && args[0] instanceof Uint8Array) {
      onBinary(args[0]);
      return true;
    }
    return emit(event, ...args);
  };
}

/** The part of a `net.Socket` corking needs. */
export interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed?: boolean;
}

const corked = new WeakSet<Corkable>();

/**
 * Holds `socket`'s writes until the current turn of the event loop has run, so the dozens of
 * frames a turn sends in a burst (audio frames, transcript, marks, `turn.done`) leave in one
 * `writev` instead of one system call each. Idempotent within a turn. The hold ends in the same
 * loop iteration (`setImmediate`): it never delays a write past other sockets' I/O callbacks.
 */
export function corkUntilIdle(socket: Corkable): void {
  if (corked.has(socket) || socket.destroyed) return;
  corked.add(socket);
  socket.cork();
  setImmediate(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

/** The TCP socket under a `ws` WebSocket (its `_socket`), when it has one that can be corked. */
export function socketOf(ws: unknown): Corkable | null {
  const socket = (ws as { _socket?: Partial<Corkable> } | null)?._socket;
  return typeof socket?.cork === 'function' && typeof socket.uncork === 'function'
    ? (socket as Corkable)
    : null;
}

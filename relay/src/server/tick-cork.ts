/** The part of a `net.Socket` corking needs. */
export interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed?: boolean;
}

/**
 * How long output that is not urgent may wait for company (ms): reply audio far ahead of what
 * the client is playing. Small against the lead that makes audio lazy (see `LAZY_LEAD_MS` in
 * turn-output.ts), so a client never runs dry because of it.
 */
export const LAZY_FLUSH_MS = 40;

/** Sockets held until the current turn of the loop has run. */
const tickHeld = new WeakSet<Corkable>();
/** Sockets held until the next lazy flush (none of them is in `tickHeld`). */
const lazyHeld = new Set<Corkable>();
let lazyTimer: NodeJS.Timeout | null = null;

function releaseLazy(): void {
  lazyTimer = null;
  const sockets = [...lazyHeld];
  lazyHeld.clear();
  for (const socket of sockets) socket.uncork();
}

/**
 * Holds `socket`'s writes until the current turn of the event loop has run, so the dozens of
 * frames a turn sends in a burst (audio frames, transcript, marks, `turn.done`) leave in one
 * `writev` instead of one system call each. Idempotent within a turn. The hold ends in the same
 * loop iteration (`setImmediate`): it never delays a write past other sockets' I/O callbacks.
 * Writes held lazily (see {@link corkLazily}) leave with it.
 */
export function corkUntilIdle(socket: Corkable): void {
  if (tickHeld.has(socket) || socket.destroyed) return;
  tickHeld.add(socket);
  // A lazy hold becomes this one: the socket is corked once either way.
  if (!lazyHeld.delete(socket)) socket.cork();
  setImmediate(() => {
    tickHeld.delete(socket);
    socket.uncork();
  });
}

/**
 * Holds `socket`'s writes for up to {@link LAZY_FLUSH_MS}, for output the client will not need
 * before then (reply audio well ahead of playback): what several turns of the loop send leaves
 * in one `writev`. Any urgent write ({@link corkUntilIdle}) takes everything held with it. One
 * timer serves every socket held.
 */
export function corkLazily(socket: Corkable): void {
  if (tickHeld.has(socket) || lazyHeld.has(socket) || socket.destroyed) return;
  lazyHeld.add(socket);
  socket.cork();
  lazyTimer ??= setTimeout(releaseLazy, LAZY_FLUSH_MS);
}

/** The TCP socket under a `ws` WebSocket (its `_socket`), when it has one that can be corked. */
export function socketOf(ws: unknown): Corkable | null {
  const socket = (ws as { _socket?: Partial<Corkable> } | null)?._socket;
  return typeof socket?.cork === 'function' && typeof socket.uncork === 'function'
    ? (socket as Corkable)
    : null;
}

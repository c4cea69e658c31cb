/**
 * An event handler slot that both the DOM's and `ws`'s WebSocket types fit: declared through a
 * method so its parameter is checked bivariantly (each library types its events its own way).
 */
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'] | null;

/** The part of a WebSocket the resilient connection uses: the browser's and `ws`'s both fit. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number; reason: string }>;
  onerror: Handler<unknown>;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued for sending (browsers and `ws` have it). */
  readonly bufferedAmount?: number;
}

/** `readyState` of an open socket. */
export const SOCKET_OPEN = 1;

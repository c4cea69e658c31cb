// Hono's WebSocket helper types its events with the DOM's MessageEvent and CloseEvent, which
// Node's type definitions do not declare globally (Node has them at run time, or Hono
// polyfills them). These are the members the relay reads.
interface MessageEvent<T = unknown> extends Event {
  readonly data: T;
}

interface CloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

import {
  FrameKind,
  decodeAudioFrame,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type ServerMessage,
  type SocketLike,
} from '@parley/shared';
import type { UplinkEvent } from '../../e2e/uplink-wire.ts';

/**
 * What went over a call's WebSockets, recorded at the socket as the end-to-end specs record a
 * page's (e2e/uplink-wire.ts, control-wire.ts): the microphone's turns and frames, every
 * message each way, the sessions the relay opened.
 */
export class CallWire {
  /** WebSockets the call opened (1: no reconnect). */
  sockets = 0;
  /** The microphone's turns on the wire, in order (see `uplinkProblems`). */
  readonly uplink: UplinkEvent[] = [];
  /** Messages the call sent. */
  readonly sent: ClientMessage[] = [];
  /** Messages the relay sent. */
  readonly received: ServerMessage[] = [];

  /** Opens `url` with `open` (Node's WebSocket), recording what goes over it. */
  socket(url: string, open: (url: string) => WebSocket): SocketLike {
    this.sockets++;
    const ws = open(url);
    const said = (data: string | Uint8Array) => this.said(data);
    type Handler<E> = ((ev: E) => void) | null;
    const on: {
      open: Handler<unknown>;
      close: Handler<{ code: number; reason: string }>;
      error: Handler<unknown>;
      message: Handler<{ data: unknown }>;
    } = { open: null, close: null, error: null, message: null };
    ws.onopen = (ev) => on.open?.(ev);
    ws.onclose = (ev) => on.close?.(ev);
    ws.onerror = (ev) => on.error?.(ev);
    ws.onmessage = (ev: MessageEvent) => {
      this.heard(ev.data);
      on.message?.(ev);
    };
    return {
      get binaryType() {
        return ws.binaryType;
      },
      set binaryType(type: string) {
        ws.binaryType = type as BinaryType;
      },
      get readyState() {
        return ws.readyState;
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      get onopen() {
        return on.open;
      },
      set onopen(handler) {
        on.open = handler;
      },
      get onclose() {
        return on.close;
      },
      set onclose(handler) {
        on.close = handler;
      },
      get onerror() {
        return on.error;
      },
      set onerror(handler) {
        on.error = handler;
      },
      get onmessage() {
        return on.message;
      },
      set onmessage(handler) {
        on.message = handler;
      },
      send(data: string | Uint8Array<ArrayBuffer>) {
        said(data);
        ws.send(data);
      },
      close(code?: number, reason?: string) {
        ws.close(code, reason);
      },
    };
  }

  /** Session ids of the `ready` messages received, in order. */
  get sessionIds(): string[] {
    return this.messages('ready').map((m) => m.sessionId);
  }

  /** Messages of `type` the relay sent. */
  messages<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  /** Messages of `type` the call sent. */
  sentOf<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }

  /** The microphone's audio frames, utterance starts and ends, cancels. */
  private said(data: string | Uint8Array): void {
    if (typeof data !== 'string') {
      const frame = decodeAudioFrame(data, FrameKind.Mic);
      if (!frame.ok) throw new Error(`the call sent a bad frame: ${frame.error.message}`);
      this.uplink.push({ kind: 'audio', seq: frame.value.seq, turnId: frame.value.turnId });
      return;
    }
    const parsed = parseClientMessage(data);
    if (!parsed.ok) throw new Error(`the call sent a bad message: ${data}`);
    const m = parsed.value;
    this.sent.push(m);
    if (m.type === 'utterance.start')
      this.uplink.push({ kind: 'start', turnId: m.turnId, firstSeq: m.firstSeq });
    else if (m.type === 'utterance.end')
      this.uplink.push({ kind: 'end', turnId: m.turnId, lastSeq: m.lastSeq });
    else if (m.type === 'utterance.cancel') this.uplink.push({ kind: 'cancel', turnId: m.turnId });
  }

  private heard(data: unknown): void {
    if (typeof data !== 'string') return;
    const parsed = parseServerMessage(data);
    if (parsed.ok) this.received.push(parsed.value);
  }
}

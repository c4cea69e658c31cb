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

  /** Opens a WebSocket to `url` (Node's, as a browser's), recording what goes over it. */
  socket(url: string): SocketLike {
    this.sockets++;
    const ws = new WebSocket(url);
    // Added before the connection sets `onmessage`: each message is recorded before it is handled.
    ws.addEventListener('message', (ev: MessageEvent) => this.heard(ev.data));
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      this.said(data);
      send(data);
    };
    return ws;
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
  private said(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (typeof data !== 'string') {
      if (!ArrayBuffer.isView(data)) throw new Error('the call sent audio that is not bytes');
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

import {
  CloseCode,
  FrameKind,
  decodeAudioFrame,
  encodeAudioFrame,
  encodeMessage,
  parseServerMessage,
  type AudioFrame,
  type ClientMessage,
  type HelloMessage,
  type PcmChunk,
  type ReadyMessage,
  type ServerMessage,
} from '@parley/shared';

export interface RelaySocketHandlers {
  /** A validated control message (not `ready`, which `connect` resolves with). */
  onMessage(message: ServerMessage): void;
  /** A validated reply-audio frame. */
  onAudio(frame: AudioFrame): void;
  /** The socket closed after `ready`; `reason` is phrased for the user. */
  onClosed(code: number, reason: string): void;
}

/** Explains a close code to the user. */
export function describeClose(code: number, reason: string): string {
  switch (code) {
    case CloseCode.UnsupportedProtocol:
      return 'This page is out of date for the relay. Reload the page.';
    case CloseCode.ServiceRestart:
    case CloseCode.GoingAway:
      return 'The relay is restarting. Press talk again in a moment.';
    case CloseCode.MessageTooBig:
      return 'The relay refused an oversized message. Reload the page.';
    default:
      return reason
        ? `Connection closed: ${reason}`
        : 'The connection to the relay was lost. Check your network and press talk again.';
  }
}

/**
 * One WebSocket to the relay. Validates everything it receives with the shared protocol
 * schemas before handing it on; never lets a malformed message reach the app.
 */
export class RelaySocket {
  private ws: WebSocket | null = null;
  private closedByUs = false;

  constructor(
    private readonly url: string,
    private readonly handlers: RelaySocketHandlers,
  ) {}

  /** Opens the socket, says hello, resolves with the relay's `ready`. */
  connect(hello: HelloMessage, timeoutMs = 10_000): Promise<ReadyMessage> {
    return new Promise<ReadyMessage>((resolve, reject) => {
      const ws = new WebSocket(this.url);
      ws.binaryType = 'arraybuffer';
      this.ws = ws;
      let ready = false;
      const timer = setTimeout(() => {
        ws.close();
        reject(
          new Error('The relay did not answer in time. Check that it is running and try again.'),
        );
      }, timeoutMs);
      ws.onopen = () => ws.send(encodeMessage(hello));
      ws.onerror = () => {
        if (!ready) {
          clearTimeout(timer);
          reject(new Error('Cannot reach the relay. Check that it is running and try again.'));
        }
      };
      ws.onclose = (event) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(describeClose(event.code, event.reason)));
        else if (!this.closedByUs)
          this.handlers.onClosed(event.code, describeClose(event.code, event.reason));
      };
      ws.onmessage = (event: MessageEvent<unknown>) => {
        const data = event.data;
        if (data instanceof ArrayBuffer) {
          const frame = decodeAudioFrame(data, FrameKind.Reply);
          if (frame.ok) this.handlers.onAudio(frame.value);
          return;
        }
        if (typeof data !== 'string') return;
        const parsed = parseServerMessage(data);
        if (!parsed.ok) return;
        const message = parsed.value;
        if (message.type === 'ready' && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve(message);
          return;
        }
        if (!ready && message.type === 'error') {
          clearTimeout(timer);
          reject(new Error(message.message));
          return;
        }
        this.handlers.onMessage(message);
      };
    });
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(message: ClientMessage): void {
    if (this.open) this.ws?.send(encodeMessage(message));
  }

  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    if (!this.open) return;
    this.ws?.send(
      encodeAudioFrame({
        kind: FrameKind.Mic,
        seq: chunk.seq,
        turnId,
        timestampMs,
        samples: chunk.samples,
      }),
    );
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.close(CloseCode.Normal, 'user ended the conversation');
    this.ws = null;
  }
}

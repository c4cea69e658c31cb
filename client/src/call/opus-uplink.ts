import type { ClientMessage, PcmChunk } from '@parley/shared';
import { UtteranceEncoder } from '../audio/opus/utterance-encoder.ts';

/** Where the microphone's turn goes: the resilient connection. */
export interface UplinkSocket {
  send(message: ClientMessage): void;
  sendChunk(
    chunk: PcmChunk,
    turnId: number,
    timestampMs: number,
    packets?: readonly Uint8Array[],
  ): void;
}

export interface OpusUplinkOptions {
  /** The relay agreed to Opus up (`ready.codecs.up`). */
  opus: boolean;
  /** The bitrate a new utterance is encoded at (see `UplinkBitrate`). */
  bitrate(): number;
  /** An utterance started encoding at `bitrate` (for the latency panel). */
  onEncoding?(bitrate: number): void;
  /** Makes an utterance's encoder. Default: the browser's (WebCodecs). */
  encoder?(bitrate: number): ChunkEncoder;
}

/** One utterance's encoder (see `UtteranceEncoder`). */
export type ChunkEncoder = Pick<UtteranceEncoder, 'encode' | 'close'>;

/** Something to send, in its place: a message, a chunk, or an encoder's close to wait for. */
interface Step {
  /** The chunk's packets being encoded, or the close waited for (null: nothing to wait for). */
  readonly encoding: Promise<readonly Uint8Array[] | null> | null;
  /** Sends it, with the chunk's packets when they came (null: as PCM16). */
  send(packets: readonly Uint8Array[] | null): void;
}

/**
 * The user's turns on the wire, with each utterance's audio as one Opus stream when the relay
 * agreed to it: an encoder per utterance (made at its start, at the bitrate the link allows
 * then; closed at its end), each 100 ms chunk sent as its five packets under its seq — or as
 * PCM16 when the encoder could not do it. Encoding takes a moment and happens off the thread,
 * so everything sent after a chunk waits for it: the relay gets the chunks, then the end of
 * the utterance, in the order they were said. The end flushes the encoder at once, so a packet
 * it holds back comes out to complete the last chunk. A page going away sends what waits at
 * once ({@link drain}).
 */
export class OpusUplink {
  private readonly encoders = new Map<number, ChunkEncoder>();
  /** Not sent yet, in order: the first waits for its encoding, the rest behind it. */
  private readonly queue: Step[] = [];
  /** The first step's encoding is awaited. */
  private awaiting = false;

  constructor(
    private readonly socket: UplinkSocket,
    private readonly o: OpusUplinkOptions,
  ) {}

  send(message: ClientMessage): void {
    if (message.type === 'utterance.start' && this.o.opus) {
      const bitrate = this.o.bitrate();
      const encoder = this.o.encoder?.(bitrate) ?? new UtteranceEncoder(bitrate);
      this.encoders.set(message.turnId, encoder);
      this.o.onEncoding?.(bitrate);
    }
    const step = { encoding: null, send: () => this.socket.send(message) };
    if (message.type !== 'utterance.end' && message.type !== 'utterance.cancel') {
      this.step(step);
      return;
    }
    const encoder = this.encoders.get(message.turnId);
    this.encoders.delete(message.turnId);
    // Flushed now, not behind the chunks: an encoder may hold a chunk's last packet until it is
    // flushed (Gecko's does), and that chunk, queued before this end, waits for it.
    const closed = encoder?.close();
    this.step(step);
    if (closed) this.step({ encoding: closed.then(() => null), send: () => undefined });
  }

  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    const encoding = this.encoders.get(turnId)?.encode(chunk.samples) ?? null;
    this.step({
      encoding,
      send: (packets) => this.socket.sendChunk(chunk, turnId, timestampMs, packets ?? undefined),
    });
  }

  /**
   * The page is going away (its `pagehide`, before the session is handed to the next page):
   * what waits behind an encoding is sent now, in order — a chunk still encoding as PCM16 —
   * for the encoder would answer after the page and its socket have gone.
   */
  drain(): void {
    this.awaiting = false;
    for (const step of this.queue.splice(0)) this.carryOut(step, null);
  }

  /** The call ended: every encoder lets go. */
  dispose(): void {
    for (const encoder of this.encoders.values()) void encoder.close();
    this.encoders.clear();
  }

  private step(step: Step): void {
    this.queue.push(step);
    this.next();
  }

  /** Sends what can go now: up to the first step whose encoding is not done. */
  private next(): void {
    while (!this.awaiting) {
      const step = this.queue[0];
      if (!step) return;
      if (step.encoding === null) {
        this.queue.shift();
        this.carryOut(step, null);
        continue;
      }
      this.awaiting = true;
      const settle = (packets: readonly Uint8Array[] | null) => {
        // Sent already (drained).
        if (this.queue[0] !== step) return;
        this.queue.shift();
        this.awaiting = false;
        this.carryOut(step, packets);
        this.next();
      };
      step.encoding.then(settle, () => settle(null));
    }
  }

  /** A step that fails is skipped: the ones behind it still go. */
  private carryOut(step: Step, packets: readonly Uint8Array[] | null): void {
    try {
      step.send(packets);
    } catch {
      // Nothing to undo: the connection journals what it is given before it sends it.
    }
  }
}

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

/**
 * The user's turns on the wire, with each utterance's audio as one Opus stream when the relay
 * agreed to it: an encoder per utterance (made at its start, at the bitrate the link allows
 * then; closed at its end), each 100 ms chunk sent as its five packets under its seq — or as
 * PCM16 when the encoder could not do it. Encoding takes a moment and happens off the thread,
 * so everything sent after a chunk waits for it: the relay gets the chunks, then the end of
 * the utterance, in the order they were said. The end flushes the encoder at once, so a packet
 * it holds back comes out to complete the last chunk.
 */
export class OpusUplink {
  private readonly encoders = new Map<number, ChunkEncoder>();
  private tail: Promise<void> = Promise.resolve();
  /** Steps waiting behind a chunk being encoded. */
  private queued = 0;

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
    if (message.type !== 'utterance.end' && message.type !== 'utterance.cancel') {
      this.step(() => this.socket.send(message));
      return;
    }
    const encoder = this.encoders.get(message.turnId);
    this.encoders.delete(message.turnId);
    // Flushed now, not behind the chunks: an encoder may hold a chunk's last packet until it is
    // flushed (Gecko's does), and that chunk, queued before this end, waits for it.
    const closed = encoder?.close();
    this.step(() => this.socket.send(message));
    if (closed) this.step(() => closed);
  }

  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    const encoder = this.encoders.get(turnId);
    if (!encoder) {
      this.step(() => this.socket.sendChunk(chunk, turnId, timestampMs));
      return;
    }
    const packets = encoder.encode(chunk.samples);
    this.step(async () => {
      const encoded = await packets;
      this.socket.sendChunk(chunk, turnId, timestampMs, encoded ?? undefined);
    });
  }

  /** The call ended: every encoder lets go. */
  dispose(): void {
    for (const encoder of this.encoders.values()) void encoder.close();
    this.encoders.clear();
  }

  /** Runs `step` now when nothing waits, else after what does; a failing step is skipped. */
  private step(step: () => void | Promise<void>): void {
    if (this.queued === 0) {
      const result = step();
      if (!(result instanceof Promise)) return;
      this.wait(result);
      return;
    }
    this.wait(this.tail.then(step));
  }

  private wait(work: Promise<void>): void {
    this.queued++;
    this.tail = work
      .catch(() => undefined)
      .finally(() => {
        this.queued--;
      });
  }
}

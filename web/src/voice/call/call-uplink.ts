import {
  UplinkBitrate,
  type ClientMessage,
  type PcmChunk,
  type ReadyMessage,
  type ResilientConnection,
} from '@parley/shared';
import type { AudioLine } from '../../state/types.ts';
import { OpusUplink } from './opus-uplink.ts';
import type { RelayLink } from './relay-link.ts';

/**
 * A call's microphone on the wire: Opus when the relay agreed to it (see {@link OpusUplink}),
 * its bitrate adapted to the link once a second (see {@link UplinkBitrate}) — a new utterance
 * is encoded at the bitrate of its start — and what the latency panel shows of both ways.
 */
export class CallUplink {
  private readonly bitrate = new UplinkBitrate();
  private readonly uplink: OpusUplink;
  private lastRoundTripAtMs = -Infinity;
  /** The bitrate the latest utterance was encoded at. */
  private encodedAt: number | null = null;

  constructor(
    private readonly socket: ResilientConnection,
    private readonly link: RelayLink,
    private readonly ready: ReadyMessage,
  ) {
    this.uplink = new OpusUplink(socket, {
      opus: ready.codecs?.up === 'opus',
      bitrate: () => this.bitrate.bitrate,
      onEncoding: (bitrate) => (this.encodedAt = bitrate),
    });
  }

  send(message: ClientMessage): void {
    this.uplink.send(message);
  }

  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    this.uplink.sendChunk(chunk, turnId, timestampMs);
  }

  /** One look at the link (every second): the next utterance's bitrate, and the panel's line. */
  sample(atMs: number): AudioLine {
    const rt = this.socket.roundTrips.at(-1);
    const fresh = rt !== undefined && rt.atMs > this.lastRoundTripAtMs;
    if (rt) this.lastRoundTripAtMs = rt.atMs;
    const upOpus = this.ready.codecs?.up === 'opus';
    if (upOpus)
      this.bitrate.observe({
        atMs,
        bufferedBytes: this.socket.bufferedBytes,
        ...(fresh ? { rttMs: rt.rttMs } : {}),
      });
    const codecs = this.ready.codecs;
    return {
      up: codecs?.up ?? 'pcm16',
      down: codecs?.down ?? 'pcm16',
      ...(upOpus
        ? {
            upBitrate: this.encodedAt ?? this.bitrate.bitrate,
            nextUpBitrate: this.bitrate.bitrate,
            upReason: this.bitrate.reason,
          }
        : {}),
      ...(codecs?.down === 'opus'
        ? { downBitrate: codecs.downBitrate, decoder: this.link.codecs.decoder }
        : {}),
    };
  }

  dispose(): void {
    this.uplink.dispose();
  }
}

import { UplinkBitrate, type ReadyMessage, type ResilientConnection } from '@parley/shared';
import type { MicCapture } from '../audio/capture.ts';
import type { ReplyDecoderKind } from '../audio/opus/reply-decoder.ts';
import type { AudioLine, NetworkSample } from './call-state.ts';

/**
 * A call's link, looked at once a second: the microphone's Opus bitrate adapted to it (see
 * {@link UplinkBitrate}; a new utterance is encoded at the bitrate of its start), and what the
 * latency panel shows of the connection and of the audio both ways.
 */
export class LinkSampler {
  private readonly bitrate = new UplinkBitrate();
  private lastRoundTripAtMs = -Infinity;
  /** The bitrate the latest utterance was encoded at. */
  private encodedAt: number | null = null;

  constructor(
    private readonly socket: ResilientConnection,
    private readonly ready: ReadyMessage,
    /** How reply Opus is decoded (see `RelayLink.codecs`). */
    private readonly decoder: ReplyDecoderKind,
  ) {}

  /** The bitrate a new utterance is encoded at (bit/s). */
  get upBitrate(): number {
    return this.bitrate.bitrate;
  }

  /** An utterance started encoding at `bitrate` (bit/s). */
  encoding(bitrate: number): void {
    this.encodedAt = bitrate;
  }

  /** One look at the link (every second), with the microphone in use (null while it is away). */
  sample(atMs: number, capture: MicCapture | null): NetworkSample {
    const socket = this.socket;
    return {
      atMs,
      unackedChunks: socket.unackedChunks,
      bufferedBytes: socket.bufferedBytes,
      reconnects: socket.reconnects,
      resumes: socket.resumes,
      audio: { ...this.audioLine(atMs), ...captureRates(capture) },
    };
  }

  /** The next utterance's bitrate, and the panel's line of how audio travels. */
  private audioLine(atMs: number): AudioLine {
    const rt = this.socket.roundTrips.at(-1);
    const fresh = rt !== undefined && rt.atMs > this.lastRoundTripAtMs;
    if (rt) this.lastRoundTripAtMs = rt.atMs;
    const codecs = this.ready.codecs;
    const upOpus = codecs?.up === 'opus';
    if (upOpus)
      this.bitrate.observe({
        atMs,
        bufferedBytes: this.socket.bufferedBytes,
        ...(fresh ? { rttMs: rt.rttMs } : {}),
      });
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
        ? { downBitrate: codecs.downBitrate, decoder: this.decoder }
        : {}),
    };
  }
}

/** The rates the microphone runs at, for the latency panel (none while it is away). */
function captureRates(
  capture: MicCapture | null,
): Pick<AudioLine, 'captureRateHz' | 'deviceRateHz'> {
  if (!capture) return {};
  const device = capture.track.getSettings().sampleRate;
  return {
    captureRateHz: capture.contextRateHz,
    ...(typeof device === 'number' ? { deviceRateHz: device } : {}),
  };
}

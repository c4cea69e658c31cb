import type { AudioCodec, HelloMessage } from '@parley/shared';
import type { OpusSettings } from '../../config.ts';
import { opusRateFor } from '../../audio/opus.ts';

/** How a session's audio travels, chosen once at its start (kept across resumes). */
export interface SessionCodecs {
  /** What microphone frames may come in (PCM16 is always accepted too). */
  up: AudioCodec;
  /** What reply frames go out in. */
  down: AudioCodec;
  /** Bits per second of reply audio, when `down` is Opus. */
  downBitrate?: number | undefined;
}

/** Raw PCM16 both ways: what a client that offers no codecs gets (as before codecs existed). */
export const PCM16_BOTH_WAYS: SessionCodecs = { up: 'pcm16', down: 'pcm16' };

/**
 * The relay's pick from a client's offer: Opus each way the client can use it and the relay
 * allows it, else PCM16, which every client speaks.
 */
export function chooseCodecs(offer: HelloMessage['codecs'], opus: OpusSettings): SessionCodecs {
  if (!offer || !opus.enabled) return PCM16_BOTH_WAYS;
  const up = offer.up.includes('opus') ? 'opus' : 'pcm16';
  if (!offer.down.includes('opus')) return { up, down: 'pcm16' };
  return { up, down: 'opus', downBitrate: opus.replyBitrate };
}

/**
 * The rate reply audio goes out at: what the client asked for; with Opus, the lowest Opus rate
 * that keeps all of it (Opus codes 8, 12, 16, 24 or 48 kHz).
 */
export function replyRateHz(requestedHz: number, codecs: SessionCodecs): number {
  return codecs.down === 'opus' ? opusRateFor(requestedHz) : requestedHz;
}

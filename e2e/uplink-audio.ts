import {
  concat,
  decodeWireFrame,
  FrameKind,
  isOpusFrame,
  SAMPLE_RATE_HZ,
  type WireAudioFrame,
} from '../shared/src/index.ts';
import { OpusStreamDecoder } from '../relay/src/audio/opus.ts';

// The microphone audio a page sends on its WebSocket, read as the relay reads it: for the specs
// and benches that compare it with what was said.

/** A microphone frame the page sent (a WebSocket payload), decoded as the relay decodes it. */
export function micFrameOf(payload: Uint8Array): WireAudioFrame {
  const frame = decodeWireFrame(payload, FrameKind.Mic, { opus: true });
  if (!frame.ok) throw new Error(`a microphone frame: ${frame.error.message}`);
  return frame.value;
}

/**
 * The 16 kHz PCM16 the relay reads from one utterance's microphone frames, in order: PCM16 as it
 * came, Opus decoded as one stream, as the relay decodes it.
 */
export function uplinkPcm(frames: readonly WireAudioFrame[]): Int16Array {
  const decoder = new OpusStreamDecoder(SAMPLE_RATE_HZ);
  try {
    return concat(
      Int16Array,
      frames.map((f) => (isOpusFrame(f) ? (decoder.decode(f.packets) ?? []) : f.samples)),
    );
  } finally {
    decoder.free();
  }
}

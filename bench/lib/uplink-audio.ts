import { decodeWireFrame, FrameKind, isOpusFrame, SAMPLE_RATE_HZ } from '@parley/shared';
import { OpusStreamDecoder } from '../../relay/src/audio/opus.ts';

/**
 * The 16 kHz PCM16 the relay reads from one utterance's microphone frames (WebSocket payloads,
 * in order): PCM16 as it came, Opus decoded as one stream, as the relay decodes it.
 */
export function uplinkPcm(payloads: readonly Uint8Array[]): Int16Array {
  const decoder = new OpusStreamDecoder(SAMPLE_RATE_HZ);
  try {
    const parts = payloads.map((p) => {
      const frame = decodeWireFrame(p, FrameKind.Mic, { opus: true });
      if (!frame.ok) throw new Error(`a microphone frame: ${frame.error.message}`);
      const f = frame.value;
      return isOpusFrame(f) ? (decoder.decode(f.packets) ?? new Int16Array(0)) : f.samples;
    });
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    decoder.free();
  }
}

/** Decoded WAV audio: float samples per channel. */
export interface WavAudio {
  sampleRateHz: number;
  channels: Float32Array[];
}

/** Thrown for files that are not PCM/float WAV. The message says what was found. */
class WavFormatError extends Error {
  override name = 'WavFormatError';
}

/**
 * Reads a RIFF/WAVE file: PCM 8/16/24/32-bit or IEEE float 32/64, any channel count and rate.
 * Tolerates extra chunks (LIST, fact…) and streaming writers' 0/0xFFFFFFFF data sizes.
 */
export function readWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new WavFormatError('Not a WAV file (no RIFF/WAVE header).');
  let offset = 12;
  let format: { audioFormat: number; channels: number; rate: number; bits: number } | null = null;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      let audioFormat = view.getUint16(body, true);
      if (audioFormat === 0xfffe && size >= 26) audioFormat = view.getUint16(body + 24, true);
      format = {
        audioFormat,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('WAV data chunk before its fmt chunk.');
      if (size === 0 || size === 0xffffffff || body + size > bytes.byteLength)
        size = bytes.byteLength - body;
      return decode(view, body, size, format);
    }
    offset = body + size + (size % 2);
  }
  throw new WavFormatError('WAV file has no data chunk.');
}

function decode(
  view: DataView,
  start: number,
  size: number,
  f: { audioFormat: number; channels: number; rate: number; bits: number },
): WavAudio {
  if (f.channels < 1) throw new WavFormatError('WAV file declares no channels.');
  if (f.rate < 1000 || f.rate > 384_000)
    throw new WavFormatError(`Unsupported WAV sample rate ${f.rate}.`);
  const bytesPer = f.bits / 8;
  const isFloat = f.audioFormat === 3;
  if (!(f.audioFormat === 1 || isFloat))
    throw new WavFormatError(`Unsupported WAV encoding ${f.audioFormat} (need PCM or float).`);
  if (isFloat ? !(f.bits === 32 || f.bits === 64) : ![8, 16, 24, 32].includes(f.bits))
    throw new WavFormatError(`Unsupported WAV bit depth ${f.bits}.`);
  const frames = Math.floor(size / (bytesPer * f.channels));
  const channels = Array.from({ length: f.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < f.channels; c++) {
      const o = start + (i * f.channels + c) * bytesPer;
      let v: number;
      if (isFloat) v = f.bits === 32 ? view.getFloat32(o, true) : view.getFloat64(o, true);
      else if (f.bits === 8) v = (view.getUint8(o) - 128) / 128;
      else if (f.bits === 16) v = view.getInt16(o, true) / 0x8000;
      else if (f.bits === 24)
        v =
          (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 0x800000;
      else v = view.getInt32(o, true) / 0x80000000;
      (channels[c] as Float32Array)[i] = v;
    }
  }
  return { sampleRateHz: f.rate, channels };
}

/** Mixes all channels down to mono by averaging. */
export function toMono(audio: WavAudio): Float32Array {
  const [first, ...rest] = audio.channels;
  if (!first) return new Float32Array(0);
  if (rest.length === 0) return first;
  const out = new Float32Array(first.length);
  for (const ch of audio.channels)
    for (let i = 0; i < out.length; i++)
      out[i] = (out[i] ?? 0) + (ch[i] ?? 0) / audio.channels.length;
  return out;
}

/** Writes mono PCM16 as a canonical 44-byte-header WAV file. */
export function writeWav(samples: Int16Array, sampleRateHz: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const put = (o: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[o + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return bytes;
}

/** Mono PCM16 samples as a RIFF/WAVE file (what a browser's `decodeAudioData` reads). */
export function pcm16Wav(samples: Int16Array, sampleRateHz: number): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const tag = (offset: number, text: string) => {
    for (let i = 0; i < 4; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  tag(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  tag(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return bytes;
}

import { CHUNK_MS } from '../audio/constants.ts';
import {
  decodeAudioFrame,
  fail,
  FRAME_FLAG_OPUS,
  FRAME_HEADER_BYTES,
  FrameKind,
  frameHeader,
  writeFrameHeader,
  type AudioFrame,
  type Decoded,
} from './codec.ts';
import { OPUS_CLOCK_HZ, opusPacketSamples48k } from './opus-packets.ts';

/**
 * An audio frame of Opus packets: the header of every audio frame (flag
 * {@link FRAME_FLAG_OPUS} set), then each packet as its length (uint16, little-endian) and its
 * bytes. A microphone frame holds the packets of one 100 ms chunk (five of 20 ms) under the
 * chunk's seq, so acknowledgements and resumes are those of PCM16; a reply frame, whole packets
 * of the turn's reply, which is one Opus stream per turn.
 */
export interface OpusFrame {
  kind: FrameKind;
  seq: number;
  turnId: number;
  timestampMs: number;
  packets: readonly Uint8Array[];
  /** The audio the packets hold, in samples at 48 kHz (Opus's clock, whatever the rate). */
  samples48k: number;
}

/** An audio frame as it may travel once Opus is agreed. */
export type WireAudioFrame = AudioFrame | OpusFrame;

export function isOpusFrame(frame: WireAudioFrame): frame is OpusFrame {
  return 'packets' in frame;
}

/** Longest reply frame of Opus packets: 1 s, as for PCM16. */
const MAX_REPLY_SAMPLES_48K = OPUS_CLOCK_HZ;
/** A microphone frame holds exactly one chunk: 100 ms. */
const MIC_SAMPLES_48K = (OPUS_CLOCK_HZ * CHUNK_MS) / 1000;
/** Longest Opus packet a frame carries (bytes): the format's own bound for one frame. */
export const MAX_OPUS_PACKET_BYTES = 1_275;

/** Encodes a frame of Opus packets for `WebSocket.send`. */
export function encodeOpusFrame(frame: Omit<OpusFrame, 'samples48k'>): Uint8Array<ArrayBuffer> {
  let size = FRAME_HEADER_BYTES;
  for (const p of frame.packets) size += 2 + p.byteLength;
  const bytes = new Uint8Array(size);
  const { kind, seq, turnId, timestampMs } = frame;
  writeFrameHeader(bytes, { kind, flags: FRAME_FLAG_OPUS, seq, turnId, timestampMs });
  const view = new DataView(bytes.buffer);
  let at = FRAME_HEADER_BYTES;
  for (const p of frame.packets) {
    view.setUint16(at, p.byteLength, true);
    bytes.set(p, at + 2);
    at += 2 + p.byteLength;
  }
  return bytes;
}

/**
 * Decodes an audio frame of either codec: PCM16 as {@link decodeAudioFrame} does, Opus packets
 * only when `opus` was agreed. An Opus microphone frame must hold 100 ms of audio, a reply
 * frame at least one packet and at most 1 s; every packet must be a well-formed Opus packet.
 * Packets are views of `data` when it is `owned`, else copies.
 */
export function decodeWireFrame(
  data: ArrayBuffer | ArrayBufferView,
  expected: FrameKind,
  options: { owned?: boolean; opus: boolean },
): Decoded<WireAudioFrame> {
  const head = frameHeader(data, expected);
  if (!head.ok) return head;
  const { bytes, view, header } = head.value;
  if ((header.flags & FRAME_FLAG_OPUS) === 0) return decodeAudioFrame(data, expected, options);
  if (!options.opus)
    return fail('bad-frame', 'Audio frame holds Opus packets where PCM16 was agreed.');
  const packets: Uint8Array[] = [];
  let samples48k = 0;
  let at = FRAME_HEADER_BYTES;
  while (at < bytes.byteLength) {
    if (at + 2 > bytes.byteLength) return fail('bad-frame', 'Opus packet length cut short.');
    const length = view.getUint16(at, true);
    if (length === 0 || length > MAX_OPUS_PACKET_BYTES || at + 2 + length > bytes.byteLength)
      return fail('bad-frame', `Opus packet of ${length} bytes does not fit the frame.`);
    const packet = bytes.subarray(at + 2, at + 2 + length);
    const duration = opusPacketSamples48k(packet);
    if (duration === null) return fail('bad-frame', 'Audio frame holds a malformed Opus packet.');
    samples48k += duration;
    packets.push(options.owned === true ? packet : packet.slice());
    at += 2 + length;
  }
  if (expected === FrameKind.Mic && samples48k !== MIC_SAMPLES_48K)
    return fail(
      'bad-frame',
      `Microphone frames must hold ${CHUNK_MS} ms of Opus audio, got ${samples48k / 48} ms.`,
    );
  if (expected === FrameKind.Reply && (samples48k === 0 || samples48k > MAX_REPLY_SAMPLES_48K))
    return fail('bad-frame', `Reply frame holds ${samples48k / 48} ms of Opus audio.`);
  const { kind, seq, turnId, timestampMs } = header;
  return { ok: true, value: { kind, seq, turnId, timestampMs, packets, samples48k } };
}

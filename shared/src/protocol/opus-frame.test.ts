import { describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '../audio/constants.ts';
import { encodeAudioFrame, FRAME_HEADER_BYTES, FrameKind } from './codec.ts';
import { decodeWireFrame, encodeOpusFrame, isOpusFrame } from './opus-frame.ts';
import { opusPacketSamples48k, opusSamplesAt } from './opus-packets.ts';

/** A SILK wideband packet of 20 ms (configuration 9, one frame), `n` bytes long. */
function packet20ms(n: number, fill = 1): Uint8Array {
  const p = new Uint8Array(n).fill(fill);
  p[0] = (9 << 3) | 0;
  return p;
}

const header = { seq: 41, turnId: 3, timestampMs: 1_700_000_000_500.5 };

describe('Opus packets', () => {
  it('tells a packet’s length from its table-of-contents byte', () => {
    expect(opusPacketSamples48k(packet20ms(30))).toBe(960);
    // SILK 60 ms; hybrid 10 ms; CELT 2.5 ms.
    expect(opusPacketSamples48k(new Uint8Array([(3 << 3) | 0, 0]))).toBe(2_880);
    expect(opusPacketSamples48k(new Uint8Array([(12 << 3) | 0]))).toBe(480);
    expect(opusPacketSamples48k(new Uint8Array([(16 << 3) | 0]))).toBe(120);
    // Two frames (codes 1 and 2); code 3 counts its frames in the next byte.
    expect(opusPacketSamples48k(new Uint8Array([(9 << 3) | 1, 0]))).toBe(1_920);
    expect(opusPacketSamples48k(new Uint8Array([(9 << 3) | 2, 0]))).toBe(1_920);
    expect(opusPacketSamples48k(new Uint8Array([(9 << 3) | 3, 3]))).toBe(2_880);
  });

  it('refuses what cannot be a packet: empty, no frame count, over 120 ms', () => {
    expect(opusPacketSamples48k(new Uint8Array(0))).toBeNull();
    expect(opusPacketSamples48k(new Uint8Array([(9 << 3) | 3]))).toBeNull();
    expect(opusPacketSamples48k(new Uint8Array([(9 << 3) | 3, 0]))).toBeNull();
    expect(opusPacketSamples48k(new Uint8Array([(11 << 3) | 3, 3]))).toBeNull();
  });

  it('converts Opus’s 48 kHz clock to a stream’s rate', () => {
    expect(opusSamplesAt(4_800, 16_000)).toBe(CHUNK_SAMPLES);
    expect(opusSamplesAt(960, 24_000)).toBe(480);
  });
});

describe('frames of Opus packets', () => {
  it('round-trip a microphone chunk of five 20 ms packets under its seq', () => {
    const packets = [10, 60, 1, 200, 7].map((n, i) => packet20ms(n, i));
    const bytes = encodeOpusFrame({ kind: FrameKind.Mic, ...header, packets });
    expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + 5 * 2 + 278);
    const decoded = decodeWireFrame(bytes, FrameKind.Mic, { opus: true });
    expect(decoded).toEqual({
      ok: true,
      value: { kind: FrameKind.Mic, ...header, packets, samples48k: 4_800 },
    });
    expect(decoded.ok && isOpusFrame(decoded.value)).toBe(true);
  });

  it('hands back views of bytes handed over, copies of others', () => {
    const bytes = encodeOpusFrame({
      kind: FrameKind.Reply,
      ...header,
      packets: [packet20ms(40), packet20ms(41)],
    });
    const viewed = decodeWireFrame(bytes, FrameKind.Reply, { opus: true, owned: true });
    const copied = decodeWireFrame(bytes, FrameKind.Reply, { opus: true });
    expect(viewed.ok && isOpusFrame(viewed.value) && viewed.value.packets[0]?.buffer).toBe(
      bytes.buffer,
    );
    expect(copied.ok && isOpusFrame(copied.value) && copied.value.packets[0]?.buffer).not.toBe(
      bytes.buffer,
    );
    expect(copied.ok && isOpusFrame(copied.value) && copied.value.samples48k).toBe(1_920);
  });

  it('still reads PCM16 frames, whether Opus was agreed or not', () => {
    const samples = new Int16Array(CHUNK_SAMPLES).fill(-3);
    const pcm = encodeAudioFrame({ kind: FrameKind.Mic, ...header, samples });
    for (const opus of [true, false]) {
      const decoded = decodeWireFrame(pcm, FrameKind.Mic, { opus });
      expect(decoded.ok && !isOpusFrame(decoded.value) && decoded.value.samples).toEqual(samples);
    }
  });

  it('refuses Opus where it was not agreed, and frames that do not hold what they must', () => {
    const mic = (packets: Uint8Array[]) =>
      encodeOpusFrame({ kind: FrameKind.Mic, ...header, packets });
    const five = Array.from({ length: 5 }, () => packet20ms(20));
    const refused = (bytes: Uint8Array, kind: FrameKind = FrameKind.Mic, opus = true) => {
      const d = decodeWireFrame(bytes, kind, { opus });
      return d.ok ? null : d.error;
    };
    expect(refused(mic(five), FrameKind.Mic, false)?.message).toMatch(/where PCM16 was agreed/);
    // 80 and 120 ms in a microphone frame; a packet that is not one; none at all in a reply.
    expect(refused(mic(five.slice(1)))?.message).toMatch(/100 ms of Opus audio, got 80 ms/);
    expect(refused(mic([...five, packet20ms(3)]))?.message).toMatch(/got 120 ms/);
    expect(refused(mic([...five.slice(1), new Uint8Array([(9 << 3) | 3])]))?.message).toMatch(
      /malformed Opus packet/,
    );
    const empty = encodeOpusFrame({ kind: FrameKind.Reply, ...header, packets: [] });
    expect(refused(empty, FrameKind.Reply)?.message).toMatch(/holds 0 ms/);
    // A length that runs past the frame, a zero length, a length cut in half.
    const bytes = mic(five);
    const view = new DataView(bytes.buffer);
    view.setUint16(FRAME_HEADER_BYTES, 5_000, true);
    expect(refused(bytes)?.message).toMatch(/does not fit/);
    view.setUint16(FRAME_HEADER_BYTES, 0, true);
    expect(refused(bytes)?.message).toMatch(/0 bytes does not fit/);
    expect(refused(bytes.subarray(0, FRAME_HEADER_BYTES + 1))?.message).toMatch(/cut short/);
  });

  it('caps a reply frame at one second', () => {
    const packets = Array.from({ length: 51 }, () => packet20ms(3));
    const bytes = encodeOpusFrame({ kind: FrameKind.Reply, ...header, packets });
    const d = decodeWireFrame(bytes, FrameKind.Reply, { opus: true });
    expect(!d.ok && d.error.message).toMatch(/1020 ms/);
  });
});

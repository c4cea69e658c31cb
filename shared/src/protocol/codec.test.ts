import { describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '../audio/constants.ts';
import {
  audioFrameSamples,
  decodeAudioFrame,
  encodeAudioFrame,
  encodeMessage,
  FRAME_HEADER_BYTES,
  FrameKind,
  parseClientMessage,
  parseServerMessage,
} from './codec.ts';
import { MAX_JSON_MESSAGE_BYTES, PROTOCOL_VERSION } from './messages.ts';

function micFrame(seq = 7) {
  const samples = new Int16Array(CHUNK_SAMPLES);
  for (let i = 0; i < samples.length; i++) samples[i] = ((i * 37) % 65536) - 32768;
  return { kind: FrameKind.Mic, seq, turnId: 3, timestampMs: 1_700_000_000_123.25, samples };
}

describe('audio frame codec', () => {
  it('round-trips a microphone frame', () => {
    const frame = micFrame();
    const bytes = encodeAudioFrame(frame);
    expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + CHUNK_SAMPLES * 2);
    const decoded = decodeAudioFrame(bytes, FrameKind.Mic);
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  it('encodes samples made with header room in place, and others into a new buffer', () => {
    const frame = micFrame(4);
    const roomy = audioFrameSamples(CHUNK_SAMPLES);
    roomy.set(frame.samples);
    const bytes = encodeAudioFrame({ ...frame, samples: roomy });
    expect(bytes.buffer).toBe(roomy.buffer);
    expect(decodeAudioFrame(bytes, FrameKind.Mic)).toEqual({ ok: true, value: frame });
    // Room before the samples but more after them: not a frame's buffer, so copied.
    const wider = new Int16Array(
      new ArrayBuffer(FRAME_HEADER_BYTES + CHUNK_SAMPLES * 2 + 2),
      FRAME_HEADER_BYTES,
      CHUNK_SAMPLES,
    );
    wider.set(frame.samples);
    const copied = encodeAudioFrame({ ...frame, samples: wider });
    expect(copied.buffer).not.toBe(wider.buffer);
    expect(decodeAudioFrame(copied, FrameKind.Mic)).toEqual({ ok: true, value: frame });
  });

  it('decodes from an unaligned Node-style view', () => {
    const bytes = encodeAudioFrame(micFrame(1));
    const padded = new Uint8Array(bytes.byteLength + 1);
    padded.set(bytes, 1);
    const decoded = decodeAudioFrame(padded.subarray(1), FrameKind.Mic);
    expect(decoded.ok && decoded.value.seq).toBe(1);
    expect(decoded.ok && decoded.value.samples).toEqual(micFrame(1).samples);
  });

  it('copies the samples unless the buffer is handed over and the payload is aligned', () => {
    const frame = micFrame(2);
    const bytes = encodeAudioFrame(frame);
    const copied = decodeAudioFrame(bytes.buffer, FrameKind.Mic);
    const viewed = decodeAudioFrame(bytes.buffer, FrameKind.Mic, { owned: true });
    expect(copied.ok && copied.value.samples.buffer).not.toBe(bytes.buffer);
    expect(viewed.ok && viewed.value.samples.buffer).toBe(bytes.buffer);
    expect(viewed.ok && viewed.value.samples).toEqual(frame.samples);
    // An odd payload offset cannot back an Int16Array: copied, owned or not.
    const padded = new Uint8Array(bytes.byteLength + 1);
    padded.set(bytes, 1);
    const odd = decodeAudioFrame(padded.subarray(1), FrameKind.Mic, { owned: true });
    expect(odd.ok && odd.value.samples.buffer).not.toBe(padded.buffer);
    expect(odd.ok && odd.value.samples).toEqual(frame.samples);
  });

  it('writes samples little-endian, also from a view into a larger buffer', () => {
    const all = new Int16Array([7, -2, 0x1234, 9]);
    const bytes = encodeAudioFrame({
      kind: FrameKind.Reply,
      seq: 0,
      turnId: 1,
      timestampMs: 0,
      samples: all.subarray(1, 3),
    });
    expect([...bytes.subarray(FRAME_HEADER_BYTES)]).toEqual([0xfe, 0xff, 0x34, 0x12]);
    const decoded = decodeAudioFrame(bytes, FrameKind.Reply);
    expect(decoded.ok && [...decoded.value.samples]).toEqual([-2, 0x1234]);
  });

  it('round-trips a reply frame of any length', () => {
    const frame = {
      kind: FrameKind.Reply,
      seq: 0,
      turnId: 1,
      timestampMs: 5,
      samples: new Int16Array([1, -2, 3]),
    };
    expect(decodeAudioFrame(encodeAudioFrame(frame), FrameKind.Reply)).toEqual({
      ok: true,
      value: frame,
    });
  });

  it.each([
    ['a frame shorter than its header', new Uint8Array(10), 'bad-frame'],
    [
      'a mic frame with the wrong sample count',
      encodeAudioFrame({ ...micFrame(), samples: new Int16Array(1599) }),
      'bad-frame',
    ],
    ['an odd payload', new Uint8Array(FRAME_HEADER_BYTES + 3).fill(1, 0, 2), 'bad-frame'],
    [
      'a reply frame where a mic frame is expected',
      encodeAudioFrame({ ...micFrame(), kind: FrameKind.Reply }),
      'bad-frame',
    ],
  ])('rejects %s', (_name, bytes, code) => {
    const decoded = decodeAudioFrame(bytes, FrameKind.Mic);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe(code);
  });

  it('rejects another protocol version', () => {
    const bytes = encodeAudioFrame(micFrame());
    bytes[1] = PROTOCOL_VERSION + 1;
    const decoded = decodeAudioFrame(bytes, FrameKind.Mic);
    expect(decoded.ok ? null : decoded.error.code).toBe('unsupported-protocol');
  });

  it('rejects a NaN timestamp', () => {
    const bytes = encodeAudioFrame(micFrame());
    new DataView(bytes.buffer).setFloat64(12, Number.NaN, true);
    expect(decodeAudioFrame(bytes, FrameKind.Mic).ok).toBe(false);
  });
});

describe('control message codec', () => {
  it('round-trips every client message type', () => {
    const messages = [
      {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        outputSampleRateHz: 48_000,
        ticket: 'x'.repeat(43),
      },
      { type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 10 },
      { type: 'utterance.end', turnId: 1, lastSeq: 9, speechEndAtMs: 20, sentAtMs: 21 },
      { type: 'utterance.cancel', turnId: 1, reason: 'misfire' },
      { type: 'ping', id: 4, clientTimeMs: 99 },
      { type: 'ping', id: 5, clientTimeMs: 99, receivedSeq: -1 },
      { type: 'ping', id: 6, clientTimeMs: 99, receivedSeq: 41 },
      { type: 'playback.started', turnId: 1, playedAtMs: 30 },
    ] as const;
    for (const m of messages)
      expect(parseClientMessage(encodeMessage(m))).toEqual({ ok: true, value: m });
  });

  it('round-trips a server message', () => {
    const m = {
      type: 'reply.segment',
      seq: 3,
      turnId: 2,
      index: 0,
      text: 'Hi.',
      startSample: 4800,
    } as const;
    expect(parseServerMessage(encodeMessage(m))).toEqual({ ok: true, value: m });
  });

  it.each([
    ['not JSON', '{oops'],
    ['an unknown type', '{"type":"launch.missiles"}'],
    ['a missing field', '{"type":"utterance.end","turnId":1}'],
    ['an extra field', '{"type":"ping","id":1,"clientTimeMs":2,"evil":true}'],
    ['a negative seq', '{"type":"utterance.start","turnId":1,"firstSeq":-1,"speechStartAtMs":0}'],
    ['a received seq below -1', '{"type":"ping","id":1,"clientTimeMs":2,"receivedSeq":-2}'],
    ['a fractional received seq', '{"type":"ping","id":1,"clientTimeMs":2,"receivedSeq":1.5}'],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
    [
      'an oversized message',
      JSON.stringify({
        type: 'ping',
        id: 1,
        clientTimeMs: 1,
        pad: 'x'.repeat(MAX_JSON_MESSAGE_BYTES),
      }),
    ],
  ])('rejects %s with a typed error', (_name, text) => {
    const decoded = parseClientMessage(text);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error.code).toBe('bad-message');
      expect(decoded.error.message.length).toBeGreaterThan(10);
    }
  });

  it('measures the size limit in UTF-8 bytes, not characters', () => {
    const ping = (pad: string) => JSON.stringify({ type: 'ping', id: 1, clientTimeMs: 1, pad });
    // Under the limit in characters (a third of it), over it in bytes ('€' is 3 bytes).
    const euros = parseClientMessage(ping('€'.repeat(Math.ceil(MAX_JSON_MESSAGE_BYTES / 3))));
    expect(!euros.ok && euros.error.message).toMatch(/larger than/);
    // Just under in bytes: refused for its unknown field, not for its size.
    const small = parseClientMessage(ping('€'.repeat(Math.floor(MAX_JSON_MESSAGE_BYTES / 3) - 30)));
    expect(!small.ok && small.error.message).toMatch(/Invalid control message/);
  });
});

import type { z } from 'zod';
import { CHUNK_SAMPLES } from '../audio/constants.ts';
import {
  clientMessage,
  MAX_JSON_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  serverMessage,
  type ClientMessage,
  type ServerMessage,
} from './messages.ts';

/**
 * Binary audio frame layout (little-endian):
 *
 * | offset | size | field                                                  |
 * |--------|------|--------------------------------------------------------|
 * | 0      | 1    | kind: 1 = microphone (client → relay), 2 = reply audio |
 * | 1      | 1    | protocol version                                        |
 * | 2      | 2    | flags: bit 0 set = Opus packets (see opus-frame.ts)     |
 * | 4      | 4    | seq: per-direction sequence number                      |
 * | 8      | 4    | turnId the audio belongs to                             |
 * | 12     | 8    | timestampMs: epoch ms (float64) of the first sample     |
 * | 20     | …    | payload: PCM16 samples, or Opus packets (flag bit 0)    |
 */
export const FRAME_HEADER_BYTES = 20;

/**
 * Whether this machine keeps numbers little-endian, as the frame does: then samples are copied
 * as bytes (one memcpy) rather than one DataView call per sample
 * (docs/decisions.md#microphone-frames-straight-from-ws-unmasked-natively).
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const FrameKind = { Mic: 1, Reply: 2 } as const;

/** Header flag: the payload is Opus packets, not PCM16 samples (see `opus-frame.ts`). */
export const FRAME_FLAG_OPUS = 1;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Largest reply-audio frame the client accepts: 1 s at 96 kHz. */
export const MAX_REPLY_FRAME_SAMPLES = 96_000;

export interface AudioFrame {
  kind: FrameKind;
  seq: number;
  turnId: number;
  timestampMs: number;
  samples: Int16Array;
}

export interface ProtocolIssue {
  code: 'bad-frame' | 'bad-message' | 'unsupported-protocol';
  message: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: ProtocolIssue };

export const fail = <T>(code: ProtocolIssue['code'], message: string): Decoded<T> => ({
  ok: false,
  error: { code, message },
});

/**
 * Room for `sampleCount` samples of a frame that is about to be encoded: they sit right after
 * room for the frame's header, in a buffer of exactly the frame's size, and
 * {@link encodeAudioFrame} then writes the header there instead of copying the samples into a
 * new buffer (one allocation and one copy less per reply frame).
 */
export function audioFrameSamples(sampleCount: number): Int16Array<ArrayBuffer> {
  const buffer = new ArrayBuffer(FRAME_HEADER_BYTES + sampleCount * 2);
  return new Int16Array(buffer, FRAME_HEADER_BYTES, sampleCount);
}

/** Whether `samples` were made by {@link audioFrameSamples} (header room, nothing after). */
function hasHeaderRoom(samples: Int16Array): samples is Int16Array<ArrayBuffer> {
  return (
    LITTLE_ENDIAN &&
    samples.byteOffset === FRAME_HEADER_BYTES &&
    samples.buffer instanceof ArrayBuffer &&
    samples.buffer.byteLength === FRAME_HEADER_BYTES + samples.byteLength
  );
}

/**
 * Encodes an audio frame ready for `WebSocket.send`: into a fresh buffer, or, when its samples
 * come from {@link audioFrameSamples}, into theirs (the result then shares their memory: encode
 * such samples once, and do not change them while the frame is being sent).
 */
export function encodeAudioFrame(frame: AudioFrame): Uint8Array<ArrayBuffer> {
  const { samples } = frame;
  const own = hasHeaderRoom(samples) ? samples.buffer : null;
  const bytes = new Uint8Array(own ?? new ArrayBuffer(FRAME_HEADER_BYTES + samples.length * 2));
  const { kind, seq, turnId, timestampMs } = frame;
  writeFrameHeader(bytes, { kind, flags: 0, seq, turnId, timestampMs });
  if (own) return bytes;
  if (LITTLE_ENDIAN) {
    bytes.set(
      new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
      FRAME_HEADER_BYTES,
    );
    return bytes;
  }
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(FRAME_HEADER_BYTES + i * 2, samples[i] ?? 0, true);
  }
  return bytes;
}

/** A frame's PCM16 payload: a view of `bytes` when they are `owned` and the layout allows. */
function payloadSamples(
  bytes: Uint8Array,
  view: DataView,
  sampleCount: number,
  owned: boolean,
): Int16Array {
  const offset = bytes.byteOffset + FRAME_HEADER_BYTES;
  if (owned && LITTLE_ENDIAN && offset % 2 === 0)
    return new Int16Array(bytes.buffer, offset, sampleCount);
  const samples = new Int16Array(sampleCount);
  if (LITTLE_ENDIAN) new Uint8Array(samples.buffer).set(bytes.subarray(FRAME_HEADER_BYTES));
  else
    for (let i = 0; i < sampleCount; i++)
      samples[i] = view.getInt16(FRAME_HEADER_BYTES + i * 2, true);
  return samples;
}

/**
 * Decodes and validates an audio frame. Microphone frames must hold exactly one chunk
 * (1,600 samples); reply frames a positive, bounded, whole number of samples.
 *
 * The samples are a copy, unless `options.owned`: the caller hands `data` over (nothing else
 * holds or reuses it, e.g. a buffer made for this one message), and the samples may then be a
 * view of it where the platform's byte order and the payload's alignment allow.
 */
export function decodeAudioFrame(
  data: ArrayBuffer | ArrayBufferView,
  expected: FrameKind,
  options: { owned?: boolean } = {},
): Decoded<AudioFrame> {
  const head = frameHeader(data, expected);
  if (!head.ok) return head;
  const { bytes, view, header } = head.value;
  if ((header.flags & FRAME_FLAG_OPUS) !== 0)
    return fail('bad-frame', 'Audio frame holds Opus packets where PCM16 was agreed.');
  const payload = bytes.byteLength - FRAME_HEADER_BYTES;
  if (payload % 2 !== 0) return fail('bad-frame', 'Audio payload is not whole PCM16 samples.');
  const sampleCount = payload / 2;
  if (expected === FrameKind.Mic && sampleCount !== CHUNK_SAMPLES)
    return fail(
      'bad-frame',
      `Microphone frames must hold exactly ${CHUNK_SAMPLES} samples (100 ms at 16 kHz), got ${sampleCount}.`,
    );
  if (expected === FrameKind.Reply && (sampleCount === 0 || sampleCount > MAX_REPLY_FRAME_SAMPLES))
    return fail('bad-frame', `Reply frame holds ${sampleCount} samples.`);
  const samples = payloadSamples(bytes, view, sampleCount, options.owned === true);
  const { kind, seq, turnId, timestampMs } = header;
  return { ok: true, value: { kind, seq, turnId, timestampMs, samples } };
}

/** What a frame's header says, before its payload. */
export interface FrameHeader {
  kind: FrameKind;
  flags: number;
  seq: number;
  turnId: number;
  timestampMs: number;
}

/** Reads and checks a frame's header (kind, protocol, timestamp). */
export function frameHeader(
  data: ArrayBuffer | ArrayBufferView,
  expected: FrameKind,
): Decoded<{ bytes: Uint8Array; view: DataView; header: FrameHeader }> {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.byteLength < FRAME_HEADER_BYTES)
    return fail('bad-frame', `Audio frame is ${bytes.byteLength} bytes, shorter than its header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint8(0);
  if (kind !== expected)
    return fail('bad-frame', `Audio frame kind ${kind}, expected ${expected}.`);
  const version = view.getUint8(1);
  if (version !== PROTOCOL_VERSION)
    return fail(
      'unsupported-protocol',
      `Audio frame protocol ${version}, expected ${PROTOCOL_VERSION}.`,
    );
  const timestampMs = view.getFloat64(12, true);
  if (!Number.isFinite(timestampMs) || timestampMs < 0)
    return fail('bad-frame', 'Audio frame timestamp is not a finite, non-negative number.');
  const header: FrameHeader = {
    kind: expected,
    flags: view.getUint16(2, true),
    seq: view.getUint32(4, true),
    turnId: view.getUint32(8, true),
    timestampMs,
  };
  return { ok: true, value: { bytes, view, header } };
}

/** Writes a frame's header into the first {@link FRAME_HEADER_BYTES} of `bytes`. */
export function writeFrameHeader(bytes: Uint8Array, header: FrameHeader): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, FRAME_HEADER_BYTES);
  view.setUint8(0, header.kind);
  view.setUint8(1, PROTOCOL_VERSION);
  view.setUint16(2, header.flags, true);
  view.setUint32(4, header.seq, true);
  view.setUint32(8, header.turnId, true);
  view.setFloat64(12, header.timestampMs, true);
}

const utf8 = new TextEncoder();

function parseJson<T>(text: string, schema: z.ZodType<T>): Decoded<T> {
  // A UTF-16 unit is 1–3 UTF-8 bytes: count the bytes only when the length cannot settle it.
  if (
    text.length > MAX_JSON_MESSAGE_BYTES ||
    (text.length * 3 > MAX_JSON_MESSAGE_BYTES &&
      utf8.encode(text).byteLength > MAX_JSON_MESSAGE_BYTES)
  )
    return fail('bad-message', `Control message larger than ${MAX_JSON_MESSAGE_BYTES} bytes.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('bad-message', 'Control message is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return fail(
      'bad-message',
      `Invalid control message${where}: ${first?.message ?? 'unknown issue'}.`,
    );
  }
  return { ok: true, value: parsed.data };
}

/** Parses and validates a JSON control message sent by a client. */
export function parseClientMessage(text: string): Decoded<ClientMessage> {
  return parseJson(text, clientMessage);
}

/** Parses and validates a JSON control message sent by the relay. */
export function parseServerMessage(text: string): Decoded<ServerMessage> {
  return parseJson(text, serverMessage);
}

/** Serialises a control message (typed, so only valid shapes compile). */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}

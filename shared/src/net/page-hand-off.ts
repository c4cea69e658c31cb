import { z } from 'zod';
import type { PcmChunk } from '../audio/chunker.ts';
import {
  userTextMessage,
  utteranceCancelMessage,
  utteranceEndMessage,
  utterancePauseMessage,
  utteranceResumeMessage,
  utteranceStartMessage,
} from '../protocol/messages.ts';
import {
  replyDeltaMessage,
  replyTruncatedMessage,
  transcriptFinalMessage,
  turnDoneMessage,
} from '../protocol/server-messages.ts';
import { epochMs, id, seq, turnId } from '../protocol/wire-fields.ts';
import { handOffKey } from './hand-off-key.ts';
import type { UplinkItem } from './uplink-journal.ts';

export { handOffKey };

/**
 * A call handed from one page of a tab to the next (a full page load within the embedding
 * site): written at `pagehide` into the tab's `sessionStorage`, read once by the next page,
 * which resumes the same session with it (docs/design/call-across-pages.md). Pure: the storage
 * is handed in.
 */

/** The hand-off's format; a page reads no other. */
export const HAND_OFF_VERSION = 1;

/**
 * How old a hand-off may be (ms): the relay's resume grace by default (`RESUME_GRACE_S`, 60 s).
 * An older one names a session the relay has let go: the next page starts afresh.
 */
export const HAND_OFF_MAX_AGE_MS = 60_000;

/**
 * Largest hand-off written or read (characters of JSON). 30 s of PCM16 microphone audio (the
 * journal's default bound) is ≈ 1.3 M characters; sessionStorage holds about 5 M.
 */
export const MAX_HAND_OFF_CHARS = 2_000_000;

/** Turns of the conversation shown again by the next page at most (the latest). */
export const MAX_SHOWN_TURNS = 50;

/** A control message the journal keeps: an utterance's, or a typed one. */
const keptMessage = z.discriminatedUnion('type', [
  utteranceStartMessage,
  utteranceEndMessage,
  utteranceCancelMessage,
  utterancePauseMessage,
  utteranceResumeMessage,
  userTextMessage,
]);

/** A microphone chunk's place in the stream. */
const chunkPlace = {
  kind: z.literal('audio'),
  turnId,
  seq,
  firstSample: z.number().int().min(0),
  timestampMs: epochMs,
};

/** Something the relay had not acknowledged, in sending order; audio as base64. */
export const handOffItem = z.union([
  z.strictObject({ kind: z.literal('message'), message: keptMessage }),
  /** A chunk sent as PCM16: its samples (little-endian). */
  z.strictObject({ ...chunkPlace, codec: z.literal('pcm16'), pcm: z.base64().max(64_000) }),
  /** A chunk sent as Opus: its packets, sent again as they were (the relay hears one stream). */
  z.strictObject({
    ...chunkPlace,
    codec: z.literal('opus'),
    packets: z.array(z.base64().max(4_000)).max(64),
  }),
]);
export type HandOffItem = z.infer<typeof handOffItem>;

/** Output of a turn the page showed: the user's words, the reply's text, how the turn ended. */
export const shownMessage = z.discriminatedUnion('type', [
  transcriptFinalMessage,
  replyDeltaMessage,
  replyTruncatedMessage,
  turnDoneMessage,
]);
export type ShownMessage = z.infer<typeof shownMessage>;

/** A turn as the page showed it: its output, in the order it came (the reply's text in one). */
export const shownTurn = z.strictObject({
  turnId,
  messages: z.array(shownMessage).max(8),
});
export type ShownTurn = z.infer<typeof shownTurn>;

export const pageHandOff = z.strictObject({
  v: z.literal(HAND_OFF_VERSION),
  /** The relay's origin (`https://relay.example`): a page of another relay ignores it. */
  relay: z.string().min(1).max(2_048),
  sessionId: id,
  /** The session's resume secret (see docs/security.md). */
  secret: z.string().min(16).max(128),
  /** Highest turn-output seq the page had; the relay resends the rest. */
  lastSeq: z.number().int().min(-1).max(0xffffffff),
  /** What the relay had not acknowledged, in order: replayed once the session is resumed. */
  uplink: z.array(handOffItem).max(5_000),
  /** Microphone chunks lost already (the journal overflowed during an outage). */
  lostChunks: z.number().int().min(0),
  /**
   * The seq the next page's microphone starts at: above every chunk of the session (the relay
   * takes a chunk at or below one it had as a replay).
   */
  nextSeq: seq,
  /**
   * The reply the page was playing when it went away, cut where it was heard (the relay was
   * told): its audio still to come is not played by the next page.
   */
  cutTurnId: turnId.optional(),
  /** The conversation as the page showed it, the latest turns. */
  shown: z.strictObject({ turns: z.array(shownTurn).max(MAX_SHOWN_TURNS) }),
  /** A spoken call, or a typed conversation. */
  mode: z.enum(['call', 'typed']),
  muted: z.boolean(),
  inputMode: z.enum(['hands-free', 'push-to-talk']),
  /** When it was written (epoch ms). */
  savedAt: epochMs,
});
export type PageHandOff = z.infer<typeof pageHandOff>;

/** The part of a hand-off that resumes the connection (see `ClientResume.fromHandOff`). */
export type HandOffResume = Pick<
  PageHandOff,
  'sessionId' | 'secret' | 'lastSeq' | 'uplink' | 'lostChunks' | 'nextSeq' | 'cutTurnId'
>;

/** The part of `sessionStorage` a hand-off uses. */
export interface HandOffStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Writes `h` (synchronously: `pagehide` waits for nobody). False when it was not written: too
 * large, or the storage refused it (full, or disabled).
 */
export function writeHandOff(storage: HandOffStorage, h: PageHandOff): boolean {
  const text = JSON.stringify(h);
  if (text.length > MAX_HAND_OFF_CHARS) return false;
  try {
    storage.setItem(handOffKey(h.relay), text);
    return true;
  } catch {
    return false;
  }
}

/** What a page found of a hand-off for its relay. */
export type TakenHandOff =
  | { kind: 'none' }
  | { kind: 'ignored'; reason: 'corrupt' | 'foreign' | 'expired' | 'oversized' }
  | { kind: 'found'; handOff: PageHandOff };

/**
 * Reads the hand-off for `relay` and deletes it (read once: a second tab or a second read
 * resumes nothing). Never throws: corrupt, foreign, expired or oversized storage is ignored.
 */
export function takeHandOff(
  storage: HandOffStorage,
  relay: string,
  nowMs: number,
  maxAgeMs = HAND_OFF_MAX_AGE_MS,
): TakenHandOff {
  const key = handOffKey(relay);
  let text: string | null;
  try {
    text = storage.getItem(key);
    if (text !== null) storage.removeItem(key);
  } catch {
    return { kind: 'none' };
  }
  if (text === null) return { kind: 'none' };
  if (text.length > MAX_HAND_OFF_CHARS) return { kind: 'ignored', reason: 'oversized' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'ignored', reason: 'corrupt' };
  }
  const parsed = pageHandOff.safeParse(json);
  if (!parsed.success) return { kind: 'ignored', reason: 'corrupt' };
  const h = parsed.data;
  if (h.relay !== relay) return { kind: 'ignored', reason: 'foreign' };
  const age = nowMs - h.savedAt;
  // Written "later" than now by more than a clock's slip: not trusted either.
  if (age > maxAgeMs || age < -5_000) return { kind: 'ignored', reason: 'expired' };
  return { kind: 'found', handOff: h };
}

/** `item` as the hand-off keeps it. */
export function handOffItemOf(item: UplinkItem): HandOffItem {
  if (item.kind === 'message') return item;
  const { chunk } = item;
  const place = {
    kind: 'audio',
    turnId: item.turnId,
    seq: chunk.seq,
    firstSample: chunk.firstSample,
    timestampMs: item.timestampMs,
  } as const;
  if (item.packets)
    return { ...place, codec: 'opus', packets: item.packets.map((p) => bytesToBase64(p)) };
  const { samples } = chunk;
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  return { ...place, codec: 'pcm16', pcm: bytesToBase64(bytes) };
}

/**
 * The journal's item again. An Opus chunk comes back with its packets only: its PCM stayed with
 * the page that captured it, and a replay sends the packets.
 */
export function uplinkItemOf(item: HandOffItem): UplinkItem {
  if (item.kind === 'message') return item;
  const { turnId, seq: s, firstSample, timestampMs } = item;
  if (item.codec === 'opus') {
    const chunk: PcmChunk = { seq: s, firstSample, samples: new Int16Array(0) };
    const packets = item.packets.map((p) => base64ToBytes(p));
    return { kind: 'audio', turnId, chunk, timestampMs, packets };
  }
  const bytes = base64ToBytes(item.pcm);
  const samples = new Int16Array(bytes.buffer, 0, bytes.byteLength >> 1);
  return { kind: 'audio', turnId, chunk: { seq: s, firstSample, samples }, timestampMs };
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In steps: a spread of a whole chunk's bytes could pass the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x2000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

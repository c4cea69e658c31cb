import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChatMessage } from '../../providers/stages/llm.ts';
import type { JournalEntry, JournalStore } from '../../cluster/journal-store.ts';
import type { SessionCodecs } from './codec-choice.ts';

export type { JournalStore };

/** What survives a relay restart (saved with the session, see `Session.checkpoint`). */
export interface ResumeState {
  v: 1;
  outputRateHz: number;
  timeZone: string | null;
  createdAt: number;
  /** The last turn whose result is in storage. */
  lastTurnId: number;
  /** Highest microphone seq acknowledged to the client. */
  ackedSeq: number;
  /** Next turn-output seq. */
  outSeq: number;
  /** How its audio travels; absent in states saved before codecs existed (PCM16). */
  codecs?: SessionCodecs | undefined;
}

/** A session rebuilt from storage after a relay restart. */
export interface RestoredState {
  secret: string;
  state: ResumeState;
  history: ChatMessage[];
  /** Turn output the previous relay kept for the client (see {@link JournalStore}). */
  journal?: readonly JournalEntry[];
}

/** A new random session id (96 bits, URL-safe). */
export function newSessionId(): string {
  return randomBytes(12).toString('base64url');
}

/** A new random resume secret (192 bits, URL-safe). */
export function newResumeSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** How a resume secret is stored: its SHA-256, never the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time check of a presented resume secret against the stored hash. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

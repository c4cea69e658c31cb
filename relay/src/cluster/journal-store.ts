/** One message or reply-audio frame sent to the client (encoded as sent). */
export type JournalEntry = {
  seq: number;
  turnId: number;
  data: string | Uint8Array<ArrayBuffer>;
};

/**
 * Where a session's recent turn output waits while the session moves between relays (a
 * hand-over, a restart), so the client still gets what it missed. Short-lived by design.
 */
export interface JournalStore {
  save(sessionId: string, entries: readonly JournalEntry[]): Promise<void>;
  /** The saved output (once: it is deleted), or null. */
  take(sessionId: string): Promise<readonly JournalEntry[] | null>;
}

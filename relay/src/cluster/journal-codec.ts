import { z } from 'zod';
import type { JournalEntry } from './journal-store.ts';

const wire = z.array(
  z.union([
    z.object({ s: z.number().int(), t: z.number().int(), j: z.string() }),
    z.object({ s: z.number().int(), t: z.number().int(), b: z.base64() }),
  ]),
);

/** A session's turn-output journal as one string (JSON; audio frames in base64). */
export function encodeJournal(entries: readonly JournalEntry[]): string {
  return JSON.stringify(
    entries.map((e) =>
      typeof e.data === 'string'
        ? { s: e.seq, t: e.turnId, j: e.data }
        : { s: e.seq, t: e.turnId, b: Buffer.from(e.data).toString('base64') },
    ),
  );
}

/** The journal back from {@link encodeJournal}; null when it is not one (never throws). */
export function decodeJournal(text: string): JournalEntry[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = wire.safeParse(json);
  if (!parsed.success) return null;
  return parsed.data.map((e) =>
    'j' in e
      ? { seq: e.s, turnId: e.t, data: e.j }
      : { seq: e.s, turnId: e.t, data: new Uint8Array(Buffer.from(e.b, 'base64')) },
  );
}

import type { Logger } from '../../log/logger.ts';
import type { JournalEntry, JournalStore } from '../journal-store.ts';
import { decodeJournal, encodeJournal } from '../journal-codec.ts';
import type { ParleyRedis } from './redis-client.ts';

/**
 * Turn output of sessions moving between relays, in Redis for as long as a resume may take.
 * Best effort: without it the client still resumes, only the output it missed is gone.
 */
export class RedisJournals implements JournalStore {
  constructor(
    private readonly redis: ParleyRedis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  async save(sessionId: string, entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.redis.set(this.prefix + sessionId, encodeJournal(entries), 'PX', this.ttlMs);
    } catch (err) {
      this.log.warn({ err: String(err), sessionId }, 'could not save the output journal');
    }
  }

  async take(sessionId: string): Promise<readonly JournalEntry[] | null> {
    try {
      const text = await this.redis.getdel(this.prefix + sessionId);
      if (text === null) return null;
      const entries = decodeJournal(text);
      if (!entries) this.log.warn({ sessionId }, 'ignored an unreadable output journal');
      return entries;
    } catch (err) {
      this.log.warn({ err: String(err), sessionId }, 'could not load the output journal');
      return null;
    }
  }
}

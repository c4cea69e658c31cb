import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';

describe('recent turns across sessions', () => {
  it('lists the newest first, across users, bounded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-recent-'));
    let t = 1_000;
    const s = await openStorage({ sqlitePath: join(dir, 'db.sqlite'), now: () => t });
    try {
      for (const [user, id] of [
        ['alice', 'sa'],
        ['bob', 'sb'],
      ] as const) {
        await s.sessions.create({ id, userId: user });
      }
      for (let i = 1; i <= 4; i++) {
        t += 10;
        await s.turns.record({
          sessionId: i % 2 ? 'sa' : 'sb',
          turnId: i,
          userText: `question ${i}`,
          assistantText: `answer ${i}`,
          status: 'completed',
          timings: { asrFinalMs: i },
        });
      }
      const recent = await s.turns.recent(3);
      expect(recent.map((r) => [r.sessionId, r.turnId])).toEqual([
        ['sb', 4],
        ['sa', 3],
        ['sb', 2],
      ]);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

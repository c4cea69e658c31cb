// kill -9 in the middle of recording turns loses nothing that was reported as committed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the writer until it has reported `commits` turns, then SIGKILLs it. */
function recordThenKill(path: string, firstTurnId: number, commits: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', writer, path, 'crash-session', String(firstTurnId)],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    const committed: number[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^committed (\d+)$/.exec(line);
      if (match === null) return;
      committed.push(Number(match[1]));
      // Keep reading after the kill is sent: lines already in the pipe are commits too.
      if (committed.length === commits) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(committed);
      else reject(new Error(`writer exited (${code}) before the kill: ${stderr}`));
    });
  });
}

describe('SQLite after kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-crash-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps every turn reported as committed, consistently', async () => {
    const path = join(dir, 'parley.db');
    const reported: number[] = [];
    for (let round = 0; round < 3; round++) {
      const next = reported.length === 0 ? 1 : Math.max(...reported) + 1;
      reported.push(...(await recordThenKill(path, next, 40)));

      // The kill may land after a commit it had no time to report, never before one it did.
      const storage = await openStorage({ sqlitePath: path });
      try {
        const session = await storage.sessions.get('crash', 'crash-session');
        const stored = session?.turns.map((t) => t.turnId) ?? [];
        expect(stored).toEqual(expect.arrayContaining(reported));
        expect(stored.length - reported.length).toBeLessThanOrEqual(1);
        reported.splice(0, reported.length, ...stored);
        expect(session?.turnCount).toBe(stored.length);
        expect(session?.costMicros).toBe(10 * stored.length);
        expect(await storage.database.integrityCheck()).toBe('ok');
      } finally {
        await storage.close();
      }
    }
    expect(reported.length).toBeGreaterThanOrEqual(120);
  }, 60_000);
});

/**
 * How long a search of one user's history takes (`GET /api/sessions?q=`, SessionStore.list with
 * `containing`), on the real storage (SQLite, and PostgreSQL when `--pg` gives a URL), by the
 * size of that user's history: a word in no conversation (the worst case: every turn of the
 * user is read), a word in one conversation of a hundred, and the plain list for comparison.
 * Other users' conversations are in the database too (4× as many), and are never read.
 * Writes bench/results/history-search.{json,md}.
 *
 *   pnpm bench:history-search [--sizes 1000,10000] [--turns 10] [--pg postgres://…]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage, type Storage } from '../relay/src/storage/index.ts';
import { describeMachine, machineInfo } from './lib/machine.ts';
import { median } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    turns: { type: 'string', default: '10' },
    pg: { type: 'string' },
    repeat: { type: 'string', default: '7' },
    out: { type: 'string', default: 'bench/results' },
  },
  strict: true,
});
const SIZES = values.sizes.split(',').map(Number);
const TURNS = Math.max(1, Number(values.turns));
const REPEAT = Math.max(1, Number(values.repeat));
const OTHERS = 4;

interface Row {
  backend: 'sqlite' | 'postgres';
  /** The searching user's conversations. */
  sessions: number;
  /** The searching user's turns. */
  turns: number;
  /** Median of `REPEAT` runs (ms). */
  listMs: number;
  missMs: number;
  rareMs: number;
  rareFound: number;
}

const sentence = (i: number, t: number) =>
  `question ${t} of conversation ${i}: what is the time in a city far away`;

async function fill(storage: Storage, sessions: number): Promise<void> {
  const { db } = storage.database;
  const users = ['alice', ...Array.from({ length: OTHERS }, (_, i) => `user-${i}`)];
  const BATCH = 500;
  for (const user of users) {
    for (let from = 0; from < sessions; from += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, sessions - from) }, (_, k) => from + k);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values(
            ids.map((i) => ({
              id: `${user}-${i}`,
              user_id: user,
              started_at: 1_700_000_000_000 + i * 60_000,
              ended_at: null,
              duration_ms: null,
              close_reason: null,
              title: `conversation ${i}`,
              resume_secret_hash: null,
              resume_state: null,
              updated_at: 0,
              metrics: null,
            })),
          )
          .execute();
        const turns = ids.flatMap((i) =>
          Array.from({ length: TURNS }, (_, t) => ({
            session_id: `${user}-${i}`,
            turn_id: t + 1,
            // One conversation of a hundred mentions the rare word.
            user_text:
              i % 100 === 7 && t === TURNS - 1 ? 'and the zanzibar weather' : sentence(i, t),
            assistant_text: `an answer of some forty characters, number ${t}`,
            status: 'completed',
            timings: '{}',
            usage: '{}',
            providers: '{}',
            created_at: 0,
          })),
        );
        for (let k = 0; k < turns.length; k += 100)
          await trx
            .insertInto('turns')
            .values(turns.slice(k, k + 100))
            .execute();
      });
    }
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const at = performance.now();
    await run();
    runs.push(performance.now() - at);
  }
  return Math.round(median(runs) * 100) / 100;
}

async function measure(backend: Row['backend'], sessions: number): Promise<Row> {
  mkdirSync('test-results', { recursive: true });
  const dir = mkdtempSync(join('test-results', 'bench-search-'));
  const storage = await openStorage(
    backend === 'sqlite' ? { sqlitePath: join(dir, 'parley.db') } : { url: values.pg },
  );
  try {
    const { db } = storage.database;
    if (backend === 'postgres') {
      await db.deleteFrom('turns').execute();
      await db.deleteFrom('sessions').execute();
    }
    await fill(storage, sessions);
    const list = (containing?: string) =>
      storage.sessions.list('alice', {
        limit: 50,
        ...(containing === undefined ? {} : { containing }),
      });
    const rareFound = (await list('zanzibar')).sessions.length;
    return {
      backend,
      sessions,
      turns: sessions * TURNS,
      listMs: await timed(() => list()),
      missMs: await timed(() => list('no such word')),
      rareMs: await timed(() => list('zanzibar')),
      rareFound,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const size of SIZES) {
  rows.push(await measure('sqlite', size));
  if (values.pg) rows.push(await measure('postgres', size));
  console.log(rows.at(-1));
}

const machine = machineInfo();
const table = rows
  .map(
    (r) =>
      `| ${r.backend} | ${r.sessions.toLocaleString('en')} | ${r.turns.toLocaleString('en')} | ${r.listMs} | ${r.missMs} | ${r.rareMs} (${r.rareFound} found) |`,
  )
  .join('\n');
await writeResult(
  join(values.out, 'history-search.json'),
  JSON.stringify({ machine, turnsPerSession: TURNS, otherUsers: OTHERS, rows }),
);
await writeResult(
  join(values.out, 'history-search.md'),
  `# Searching one user's history

\`pnpm bench:history-search --sizes ${values.sizes} --turns ${TURNS}${values.pg ? ' --pg …' : ''}\`,
${describeMachine(machine)}. Median of ${REPEAT} runs, in ms, of \`SessionStore.list\` with a
page of 50: the plain list, a search for words no conversation holds (every turn of the user is
read: the worst case), and for a word one conversation in a hundred holds (the page fills after
about 5,000 conversations). ${OTHERS} other users hold as many conversations each, never read.

| backend | user's conversations | user's turns | list | search, no match | search, 1 in 100 |
| ------- | -------------------: | -----------: | ---: | ---------------: | ---------------: |
${table}
`,
);

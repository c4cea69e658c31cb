/**
 * Turn records per second into the relay's SQLite (the real storage: migrations, the worker
 * thread, `synchronous = FULL`, a turn's record with its ledger rows), with many sessions
 * ending turns at once: group commit on (batches waiting for a commit share the next one) and
 * off (one commit and fsync per turn). Writes bench/results/storage-commit.{json,md}.
 *
 * With `--postgres URL`, into PostgreSQL instead (each run in a fresh schema the URL's role
 * creates; connect as an ordinary role, or row-level security is not what is measured). Writes
 * bench/results/storage-commit-postgres.{json,md}.
 *
 *   pnpm bench:commit [--writers 200] [--seconds 8] [--repeat 3] [--out bench/results]
 *                     [--postgres postgres://…]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { percentile } from '@parley/shared';
import { Pool } from 'pg';
import { openStorage } from '../relay/src/storage/index.ts';
import { describeMachine, machineInfo } from './lib/machine.ts';
import { median } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '8' },
    repeat: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/results' },
    postgres: { type: 'string' },
  },
  strict: true,
});
const WRITERS = Math.max(1, Number(values.writers));
const SECONDS = Math.max(1, Number(values.seconds));
const REPEAT = Math.max(1, Number(values.repeat));
const POSTGRES = values.postgres;
const command = `pnpm bench:commit --writers ${WRITERS} --seconds ${SECONDS} --repeat ${REPEAT}${
  POSTGRES === undefined ? '' : ' --postgres postgres://…'
}`;

interface Run {
  turnsPerSecond: number;
  recordP50Ms: number;
  recordP99Ms: number;
  turnsPerCommit: number;
}

/** `writers` sessions each record a turn, then the next as soon as it is committed. */
async function run(commitGroupMax: number): Promise<Run> {
  const place = POSTGRES === undefined ? sqlitePlace() : await postgresPlace(POSTGRES);
  const storage = await openStorage({ ...place.options, commitGroupMax });
  try {
    for (let w = 0; w < WRITERS; w++)
      await storage.sessions.create({ id: `s${w}`, userId: `u${w % 50}` });
    const before = storage.database.commitStats();
    const latencies: number[] = [];
    const started = performance.now();
    const until = started + SECONDS * 1000;
    let turns = 0;
    const writer = async (w: number) => {
      for (let turnId = 1; performance.now() < until; turnId++) {
        const at = performance.now();
        await storage.turns.record(
          {
            sessionId: `s${w}`,
            turnId,
            userText: 'what is five times six',
            assistantText: '5 times 6 is 30.',
            status: 'completed',
            timings: { asrFinalMs: 40, llmFirstTokenMs: 2, ttsFirstAudioMs: 50 },
            usage: { asr: { audioMs: 3000 }, llm: { inputTokens: 40, outputTokens: 8 } },
            providers: { asr: 'fake', llm: 'fake', tts: 'fake' },
          },
          [
            { stage: 'asr', provider: 'fake', units: { audioMs: 3000 }, costMicros: 30 },
            {
              stage: 'llm',
              provider: 'fake',
              units: { inputTokens: 40, outputTokens: 8 },
              costMicros: 7,
            },
          ],
        );
        latencies.push(performance.now() - at);
        turns++;
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const seconds = (performance.now() - started) / 1000;
    const after = storage.database.commitStats();
    const commits = (after?.commits ?? 0) - (before?.commits ?? 0);
    return {
      turnsPerSecond: Math.round(turns / seconds),
      recordP50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
      recordP99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
      // PostgreSQL keeps no commit count: each turn is its own transaction there.
      turnsPerCommit: after === null ? 1 : Math.round((turns / Math.max(1, commits)) * 10) / 10,
    };
  } finally {
    await storage.close();
    await place.dispose();
  }
}

interface Place {
  options: { sqlitePath?: string; url?: string };
  dispose(): Promise<void>;
}

function sqlitePlace(): Place {
  // On the disk the relay's data lives on (not a tmpfs, where fsync costs nothing).
  mkdirSync('test-results', { recursive: true });
  const dir = mkdtempSync(join('test-results', 'bench-commit-'));
  return {
    options: { sqlitePath: join(dir, 'parley.db') },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** A fresh schema in the given database, made and dropped by the URL's role. */
async function postgresPlace(url: string): Promise<Place> {
  const schema = `bench_commit_${randomBytes(4).toString('hex')}`;
  const admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`create schema ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    options: { url: u.toString() },
    async dispose() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

const machine = machineInfo();
const into = POSTGRES === undefined ? 'SQLite' : 'PostgreSQL';
console.log(`Turn records into ${into} — ${describeMachine(machine)}`);
console.log(`Command: ${command}\n`);
const modes =
  POSTGRES === undefined
    ? [
        { name: 'group commit (default)', commitGroupMax: 64 },
        { name: 'one commit per turn', commitGroupMax: 1 },
      ]
    : // Group commit is SQLite's: on PostgreSQL each turn is its own transaction.
      [{ name: 'one transaction per turn', commitGroupMax: 1 }];
const results = [];
for (const mode of modes) {
  const runs: Run[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const result = await run(mode.commitGroupMax);
    console.log(`${mode.name} (run ${r + 1}/${REPEAT}): ${JSON.stringify(result)}`);
    runs.push(result);
  }
  const mid = (key: keyof Run) => median(runs.map((x) => x[key]));
  results.push({
    mode: mode.name,
    commitGroupMax: mode.commitGroupMax,
    turnsPerSecond: mid('turnsPerSecond'),
    recordP50Ms: mid('recordP50Ms'),
    recordP99Ms: mid('recordP99Ms'),
    turnsPerCommit: mid('turnsPerCommit'),
    runs,
  });
}
const table = [
  '| mode | turns recorded / s | record p50 / p99 ms | turns per commit |',
  '|:-|-:|-:|-:|',
  ...results.map(
    (r) =>
      `| ${r.mode} | ${r.turnsPerSecond} | ${r.recordP50Ms} / ${r.recordP99Ms} | ${r.turnsPerCommit} |`,
  ),
].join('\n');
console.log(`\n${table}\n\n${machine.cores} cores. Reproduce: ${command}`);
mkdirSync(values.out, { recursive: true });
if (POSTGRES !== undefined) {
  await writeResult(
    join(values.out, 'storage-commit-postgres.json'),
    JSON.stringify({ machine, command, writers: WRITERS, seconds: SECONDS, results }, null, 2),
  );
  await writeResult(
    join(values.out, 'storage-commit-postgres.md'),
    `# Turn records into PostgreSQL\n\n${describeMachine(machine)}. ${WRITERS} sessions each record a turn (its row, two ledger rows, the session's counters; one transaction, in its session's row-level security scope) as soon as the previous one is committed, for ${SECONDS} s, over a pool of 4 connections on loopback. Medians of ${REPEAT} runs.\n\n${table}\n\nReproduce: \`${command}\` (an ordinary role, not a superuser).\n`,
  );
} else {
  await writeResult(
    join(values.out, 'storage-commit.json'),
    JSON.stringify({ machine, command, writers: WRITERS, seconds: SECONDS, results }, null, 2),
  );
  await writeResult(
    join(values.out, 'storage-commit.md'),
    `# Turn records into SQLite: group commit\n\n${describeMachine(machine)}. ${WRITERS} sessions each record a turn (its row, two ledger rows, the session's counters; one transaction) as soon as the previous one is committed, for ${SECONDS} s; \`synchronous = FULL\` (an fsync per commit), on the relay's disk. Medians of ${REPEAT} runs.\n\n${table}\n\nReproduce: \`${command}\`\n`,
  );
}

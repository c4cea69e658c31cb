/**
 * Turn records per second into the relay's SQLite (the real storage: migrations, the worker
 * thread, `synchronous = FULL`, a turn's record with its ledger rows), with many sessions
 * ending turns at once: group commit on (batches waiting for a commit share the next one) and
 * off (one commit and fsync per turn). Writes bench/results/storage-commit.{json,md}.
 *
 *   pnpm bench:commit [--writers 200] [--seconds 8] [--repeat 3] [--out bench/results]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from '@parley/shared';
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
  },
  strict: true,
});
const WRITERS = Math.max(1, Number(values.writers));
const SECONDS = Math.max(1, Number(values.seconds));
const REPEAT = Math.max(1, Number(values.repeat));
const command = `pnpm bench:commit --writers ${WRITERS} --seconds ${SECONDS} --repeat ${REPEAT}`;

interface Run {
  turnsPerSecond: number;
  recordP50Ms: number;
  recordP99Ms: number;
  turnsPerCommit: number;
}

/** `writers` sessions each record a turn, then the next as soon as it is committed. */
async function run(commitGroupMax: number): Promise<Run> {
  // On the disk the relay's data lives on (not a tmpfs, where fsync costs nothing).
  mkdirSync('test-results', { recursive: true });
  const dir = mkdtempSync(join('test-results', 'bench-commit-'));
  const storage = await openStorage({ sqlitePath: join(dir, 'parley.db'), commitGroupMax });
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
      turnsPerCommit: Math.round((turns / Math.max(1, commits)) * 10) / 10,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const machine = machineInfo();
console.log(`Turn records into SQLite — ${describeMachine(machine)}`);
console.log(`Command: ${command}\n`);
const modes = [
  { name: 'group commit (default)', commitGroupMax: 64 },
  { name: 'one commit per turn', commitGroupMax: 1 },
];
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
await writeResult(
  join(values.out, 'storage-commit.json'),
  JSON.stringify({ machine, command, writers: WRITERS, seconds: SECONDS, results }, null, 2),
);
await writeResult(
  join(values.out, 'storage-commit.md'),
  `# Turn records into SQLite: group commit\n\n${describeMachine(machine)}. ${WRITERS} sessions each record a turn (its row, two ledger rows, the session's counters; one transaction) as soon as the previous one is committed, for ${SECONDS} s; \`synchronous = FULL\` (an fsync per commit), on the relay's disk. Medians of ${REPEAT} runs.\n\n${table}\n\nReproduce: \`${command}\`\n`,
);

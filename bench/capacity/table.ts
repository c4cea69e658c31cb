import type { StepSummary } from './summary.ts';

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** The capacity table in markdown, one row per step. */
export function capacityTable(rows: StepSummary[]): string {
  const head = [
    'talkers',
    'streaming (avg)',
    'chunk p50 / p99 ms',
    'late / dropped',
    'failed conn.',
    'event-loop delay p99 ms',
    'relay CPU %',
    'RSS / live per session KiB',
    'EoS → reply audio p50 / p99 ms',
    'in the relay p50 / p99 ms',
    'CPU ms / turn',
    'turns / s',
    'goal',
  ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((h, i) => (i === head.length - 1 ? ':-:' : '-:')).join('|')}|`,
  ];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.clients,
        r.streamsAvg,
        `${f(r.chunkP50Ms, 2)} / ${f(r.chunkP99Ms, 2)}`,
        `${r.lateChunks} / ${r.droppedChunks}`,
        r.failedConnections,
        f(r.eventLoopDelayP99Ms),
        f(r.relayCpuPercent, 0),
        `${r.rssPerSessionKiB} / ${r.livePerSessionKiB}`,
        `${f(r.eosToAudioP50Ms)} / ${f(r.eosToAudioP99Ms)}`,
        `${f(r.relayEosToAudioP50Ms)} / ${f(r.relayEosToAudioP99Ms)}`,
        f(r.cpuMsPerTurn, 2),
        f(r.turnsPerSecond),
        r.holds ? '✅' : '❌',
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Columns that say whether the machine or the load generator distorted a row. */
export function conditionsTable(rows: StepSummary[]): string {
  const head = [
    'talkers',
    'runs',
    'relay handling p99 ms',
    'chunk max ms',
    'failed turns',
    'relay preempted / s',
    'relay GC % / max pause ms',
    'generator CPU %',
    'generator loop delay p99 ms',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '-:').join('|')}|`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.clients,
        r.runs,
        f(r.handlingP99Ms, 3),
        f(r.chunkMaxMs, 0),
        r.failedTurns,
        r.preemptionsPerSecond,
        `${f(r.gcPercent)} / ${f(r.gcMaxMs)}`,
        f(r.generatorCpuPercent, 0),
        f(r.generatorDelayP99Ms),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

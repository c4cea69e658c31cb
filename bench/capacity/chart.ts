import { svgChart } from '../lib/svg-chart.ts';
import type { CapacityReport } from './report.ts';
import { GOAL } from './summary.ts';

/** bench/results/capacity.svg: p99 latencies (log) and relay CPU against the number of talkers. */
export function capacityChart(r: CapacityReport): string {
  const xLabels = r.rows.map((row) => String(row.clients));
  return svgChart(
    [
      {
        title: 'p99 latency (ms, log scale)',
        xLabel: 'concurrent talkers',
        xLabels,
        log: true,
        series: [
          {
            name: 'chunk: client send → relay ASR',
            color: '#1f77b4',
            values: r.rows.map((x) => x.chunkP99Ms),
          },
          {
            name: 'end of speech → first reply audio (client)',
            color: '#d62728',
            values: r.rows.map((x) => x.eosToAudioP99Ms),
          },
          {
            name: 'relay event-loop delay',
            color: '#7f7f7f',
            dashed: true,
            values: r.rows.map((x) => x.eventLoopDelayP99Ms),
          },
        ],
        refs: [{ y: GOAL.chunkP99Ms, label: `chunk goal ${GOAL.chunkP99Ms} ms`, color: '#2ca02c' }],
      },
      {
        title: 'relay process',
        xLabel: 'concurrent talkers',
        xLabels,
        series: [
          {
            name: 'CPU, % of one core',
            color: '#ff7f0e',
            values: r.rows.map((x) => x.relayCpuPercent),
          },
          {
            name: 'RSS per session (KiB)',
            color: '#9467bd',
            dashed: true,
            values: r.rows.map((x) => x.rssPerSessionKiB),
          },
        ],
        refs: [{ y: 100, label: 'one core', color: '#999' }],
      },
    ],
    `${r.machine.cores} cores · ${r.command}`,
  );
}

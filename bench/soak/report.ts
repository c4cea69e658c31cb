/** The soak's report: the growth table (Markdown) and the plot (SVG). */
import { round } from '../lib/stats.ts';
import { svgChart, type Panel } from '../lib/svg-chart.ts';
import type { WorkerTotals } from '../capacity/worker-protocol.ts';
import { restartedName, type SoakFault } from './fault.ts';
import { growth, type Growth } from './growth.ts';
import { RELAY_FIGURES, type Sample } from './sample.ts';

export interface SoakRun {
  command: string;
  machine: string;
  /** The 1-minute load average as the run ended (absent in runs before issue 63, item 7). */
  loadAtEnd?: number;
  target: string;
  relayNames: string[];
  talkers: number;
  connected: number;
  minutes: number;
  everyS: number;
  warmupS: number;
  samples: Sample[];
  /** The talkers' counters at the end (absent in runs before issue 63, item 7). */
  delivery?: WorkerTotals;
  /** `error` messages the talkers received over the run, by code. */
  errors?: Record<string, number>;
  /** The relay killed and started again mid-run, if one was. */
  fault?: SoakFault;
}

/** The files' name: `soak`, `soak-cluster` (two relays), `soak-cluster-3`, … */
export function resultName(run: Pick<SoakRun, 'relayNames' | 'fault'>): string {
  const relays = run.relayNames.length - (run.fault?.restartedAtS == null ? 0 : 1);
  return relays === 1 ? 'soak' : relays === 2 ? 'soak-cluster' : `soak-cluster-${relays}`;
}

/** A judged figure: its row's name, unit, value after warm-up and at the end, and its growth. */
export interface Verdict {
  name: string;
  unit: string;
  first: number | null;
  last: number | null;
  growth: Growth;
  /**
   * Growth over the last half of the run alone: a figure that rose while caches filled and then
   * stayed flat grows over the whole run but not here; a leak grows in both.
   */
  lastHalf: Growth;
}

/** Every figure judged over the samples after warm-up. */
export function verdicts(run: SoakRun): Verdict[] {
  const judge = (
    name: string,
    unit: string,
    of: (s: Sample) => number | null,
    fromS = run.warmupS,
  ): Verdict => {
    const points = run.samples.flatMap((s) => {
      if (s.atS < fromS) return [];
      const v = of(s);
      return v === null ? [] : [[s.atS, v] as const];
    });
    const half = (run.samples.at(-1)?.atS ?? 0) / 2;
    return {
      name,
      unit,
      first: points[0]?.[1] ?? null,
      last: points.at(-1)?.[1] ?? null,
      growth: growth(points),
      lastHalf: growth(points.filter(([atS]) => atS >= half)),
    };
  };
  const many = run.relayNames.length > 1;
  // A restarted relay is a fresh process: it has a warm-up of its own.
  const restarted = run.fault && restartedName(run.fault.relay);
  const restartedAtS = run.fault?.restartedAtS ?? 0;
  const out = run.relayNames.flatMap((relay, i) =>
    RELAY_FIGURES.map((f) =>
      judge(
        many ? `${f.name}, ${relay}` : f.name,
        f.unit,
        (s) => {
          const r = s.relays[i];
          return r == null ? null : f.of(r);
        },
        relay === restarted ? restartedAtS + run.warmupS : run.warmupS,
      ),
    ),
  );
  if (run.samples.some((s) => s.redisMb !== null))
    out.push(judge('Redis used memory', 'MB', (s) => s.redisMb));
  return out;
}

export function soakMarkdown(run: SoakRun, judged: Verdict[]): string {
  const { samples } = run;
  const turns = samples.reduce((n, s) => n + s.turns, 0);
  const failed = samples.reduce((n, s) => n + s.turnsFailed, 0);
  const late = samples.reduce((n, s) => n + s.lateChunks, 0);
  const cell = (v: number | null) => (v === null ? '—' : String(v));
  return `# Soak: ${run.talkers} talkers on ${run.target} for ${run.minutes} minutes

\`${run.command}\` · ${run.machine}${run.loadAtEnd === undefined ? '' : `, ${run.loadAtEnd} at the end`}

The capacity bench's talkers (fake providers, PCM16) against ${run.target}, sampled every
${run.everyS} s; growth is the least-squares line over the samples after ${run.warmupS / 60} minutes
of warm-up, against the samples' own scatter around it (it grows when the line's change over the
run is more than twice that scatter); the last column judges the run's second half alone, where
a figure that rose while caches filled has stopped and a leak has not. ${run.connected} of ${run.talkers} connected; ${turns} turns
answered, ${failed} failed; ${late} chunks later than 50 ms. The database grew
${samples[0]?.dbKb ?? 0} → ${samples.at(-1)?.dbKb ?? 0} kB (the turns are stored).

| figure | first after warm-up | last | change over the run (fitted) | scatter | per hour | grows | last half: change / scatter, grows |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |
${judged
  .map(
    (v) =>
      `| ${v.name}${v.unit ? ` (${v.unit})` : ''} | ${cell(v.first)} | ${cell(v.last)} | ${round(v.growth.overRun, 2)} | ${round(v.growth.noise, 2)} | ${round(v.growth.perHour, 2)} | ${v.growth.grows ? '**yes**' : 'no'} | ${round(v.lastHalf.overRun, 2)} / ${round(v.lastHalf.noise, 2)}, ${v.lastHalf.grows ? '**yes**' : 'no'} |`,
  )
  .join('\n')}

${faultMarkdown(run)}
![RSS, live memory and file descriptors over the run](${resultName(run)}.svg)
`;
}

/** What the kill did to the talkers, and where the sessions were before and after it. */
function faultMarkdown(run: SoakRun): string {
  const { fault, delivery } = run;
  if (!fault) return '';
  const restartS = fault.restartedAtS;
  const sessionsAt = (s: Sample | undefined) =>
    run.relayNames.map((_, i) => {
      const r = s?.relays[i];
      return r == null ? '—' : String(r.sessions ?? '—');
    });
  const before = run.samples.filter((s) => s.atS <= fault.killedAtS).at(-1);
  const after = run.samples.find((s) => s.atS > fault.killedAtS + run.everyS);
  const end = run.samples.at(-1);
  const failedNear = run.samples
    .filter((s) => s.atS > fault.killedAtS && s.atS <= (restartS ?? Infinity) + 60)
    .reduce((n, s) => n + s.turnsFailed, 0);
  const errors = Object.entries(run.errors ?? {})
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
  const row = (label: string, s: Sample | undefined) =>
    `| ${label} (${s ? `${s.atS} s` : '—'}) | ${sessionsAt(s).join(' | ')} |`;
  return `
## ${fault.relay} killed (SIGKILL) at ${fault.killedAtS} s, ${restartS === null ? `not started again${fault.restartError ? ` (${fault.restartError})` : ''}` : `started again at ${restartS} s`}

It held ${fault.sessionsAtKill} sessions when it was killed. ${delivery ? `${delivery.resumed} talkers resumed their session at least once (through HAProxy, on the relay it chose); ${delivery.reconnects} sockets reopened in all; ${delivery.lostChunks} microphone chunks lost (dropped from a client's journal before a relay had them) of ${delivery.chunksSent} sent; ${delivery.offline} talkers offline at the end.` : ''} Turns failed: ${run.samples.reduce((n, s) => n + s.turnsFailed, 0)} over the run, ${failedNear} of them from the kill to a minute after the restart.${errors ? ` Errors the talkers were sent: ${errors}.` : ''}
The killed relay's figures stop at the kill; its new process is the series "${restartedName(fault.relay)}" (a fresh process: its growth is judged from ${run.warmupS / 60} minutes after its start). A talker stays on the relay it resumed on: the restarted relay gets only new sessions.

Sessions held, by relay:

| when | ${run.relayNames.join(' | ')} |
| --- | ${run.relayNames.map(() => '---:').join(' | ')} |
${row('last sample before the kill', before)}
${row('after the kill', after)}
${row('at the end', end)}
`;
}

const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea'];

export function soakSvg(run: SoakRun): string {
  const { samples } = run;
  const xLabels = samples.map((s) => `${Math.round(s.atS / 60)}`);
  const many = run.relayNames.length > 1;
  const perRelay = (what: string, of: (s: Sample, i: number) => number, dashed = false) =>
    run.relayNames.map((relay, i) => ({
      name: many ? `${what} ${relay}` : what,
      color: COLORS[(i + (dashed ? 2 : 0)) % COLORS.length] ?? '#000',
      values: samples.map((s) => of(s, i)),
      ...(dashed ? { dashed } : {}),
    }));
  const panels: Panel[] = [
    {
      title: 'Memory (MB)',
      xLabel: 'minutes',
      xLabels,
      series: [
        ...perRelay('RSS', (s, i) => s.relays[i]?.rssMb ?? NaN),
        ...perRelay('live after GC', (s, i) => s.relays[i]?.liveMb ?? NaN, true),
        ...(samples.some((s) => s.redisMb !== null)
          ? [{ name: 'Redis', color: '#dc2626', values: samples.map((s) => s.redisMb ?? NaN) }]
          : []),
      ],
    },
    {
      title: 'Open file descriptors',
      xLabel: 'minutes',
      xLabels,
      series: perRelay('fds', (s, i) => s.relays[i]?.fds ?? NaN),
    },
    {
      title: 'Chunk latency p99 (ms)',
      xLabel: 'minutes',
      xLabels,
      series: perRelay('chunk', (s, i) => s.relays[i]?.chunkP99Ms ?? NaN),
    },
  ];
  return svgChart(
    panels,
    `${run.talkers} talkers on ${run.target}, ${run.minutes} minutes, sampled every ${run.everyS} s`,
  );
}

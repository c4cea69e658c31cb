/** The client-cost results as text: console blocks and the markdown file. */
import type { BundleSize } from './bundle-size.ts';
import { REPORTED, type Reported, type ThreadFigures } from './figures.ts';
import type { ThreadProfile } from './profile.ts';

export interface ClientCostResults {
  date: string;
  command: string;
  machine: { cores: number; cpu: string; node: string; chromium: string };
  conditions: { loadAvgBefore: number[]; loadAvgAfter: number[]; note: string };
  fixture: { name: string; turns: number; seconds: number };
  runs: number;
  traceCategories: { measured: string[]; attribution: string[] };
  /** Median seconds of each phase per run. */
  phaseSeconds: Record<Reported, number>;
  perRun: { conversationSeconds: number; mainCpuMsPerS: number; workletCpuMsPerS: number }[];
  app: Record<string, unknown>;
  bundle: BundleSize;
  threads: ThreadFigures[];
  wasmCompile: { totalCpuMs: number; afterListeningCpuMs: number };
  attribution: {
    /** Seconds of conversation (startup excluded) in the attribution run. */
    seconds: number;
    events: { thread: string; top: { event: string; cpuMsPerS: number }[] }[];
    profile: ThreadProfile[];
  } | null;
  /** Earlier results of the same bench (e.g. before a change), for a before/after table. */
  before?: { label: string; note: string; results: ClientCostResults } | undefined;
}

const HEAD: Record<Reported, string> = {
  conversation: 'whole conversation',
  listening: 'idle listening',
  'user-speaking': 'user speaking',
  thinking: 'thinking',
  speaking: 'reply playback',
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The lines every figure block carries: machine, conditions, reproducing command. */
export function header(r: Pick<ClientCostResults, 'machine' | 'conditions' | 'command'>): string {
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  return [
    `machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, ${r.machine.chromium}`,
    `conditions: load average ${load(r.conditions.loadAvgBefore)} before, ${load(r.conditions.loadAvgAfter)} after; ${r.conditions.note}`,
    `command: ${r.command}`,
  ].join('\n');
}

export function bundleTable(b: BundleSize): string {
  const row = (c: BundleSize['initial'][number], when: string) =>
    `| ${c.file} | ${when} | ${c.holds} | ${kb(c.bytes)} | ${kb(c.gzipBytes)} |`;
  const goal = b.initialGzipBytes <= 150 * 1024 && b.lazyPackagesInInitial.length === 0;
  return [
    '| chunk | loaded | holds (share of the chunk) | raw | gzip |',
    '|---|---|---|--:|--:|',
    ...b.initial.map((c) => row(c, 'initial')),
    `| **initial JS** | | | **${kb(b.initialBytes)}** | **${kb(b.initialGzipBytes)}** |`,
    ...b.lazy.map((c) => row(c, 'lazy')),
    `| **lazy JS** | | | | **${kb(b.lazyGzipBytes)}** |`,
    '',
    `Goal ≤ 150 KiB gzip initial, VAD model code and onnxruntime lazy: **${goal ? 'met' : 'NOT met'}**` +
      (b.lazyPackagesInInitial.length > 0
        ? ` (in the initial JS: ${b.lazyPackagesInInitial.join(', ')}).`
        : ' (no onnxruntime-web or vad-web model code in the initial chunks).'),
  ].join('\n');
}

export function costTable(r: ClientCostResults): string {
  const cols = REPORTED.map((p) => `${HEAD[p]} (${r.phaseSeconds[p].toFixed(1)} s)`);
  return [
    `| thread | ${cols.join(' | ')} | startup, once |`,
    `|---|${REPORTED.map(() => '--:').join('|')}|--:|`,
    ...r.threads.map((t) => {
      const cells = REPORTED.map(
        (p) => `${ms(t.rates[p].cpuMsPerS)} (${ms(t.rates[p].wallMsPerS)})`,
      );
      const name = `${t.thread}${t.threads > 1 ? ` ×${t.threads}` : ''}`;
      return `| ${name} | ${cells.join(' | ')} | ${ms(t.startupCpuMs)} ms |`;
    }),
    '',
    `One-off, not in the rows above: V8 compiling onnxruntime's 14 MB WebAssembly on background ` +
      `threads, ${ms(r.wasmCompile.totalCpuMs)} ms of CPU per page load (fresh profile, no code ` +
      `cache), ${ms(r.wasmCompile.afterListeningCpuMs)} ms of it after the app was already listening.`,
  ].join('\n');
}

export function attributionText(a: NonNullable<ClientCostResults['attribution']>): string {
  const perS = (x: number) => (x / a.seconds).toFixed(2);
  const out = [
    'Self CPU time per trace event inside each task (ms/s):',
    '',
    ...a.events.map(
      (e) =>
        `- **${e.thread}**: ${e.top.map((x) => `${x.event} ${x.cpuMsPerS.toFixed(2)}`).join(' · ')}`,
    ),
    '',
  ];
  for (const t of a.profile) {
    // `(program)` is native time outside JS (and, for a busy thread, waiting): not comparable.
    const js = t.byOwner.filter((o) => o.owner !== 'V8 / browser');
    const jsMs = js.reduce((x, o) => x + o.ms, 0);
    const groups: [string, (owner: string) => boolean][] = [
      ['onnxruntime (wasm and JS)', (o) => o.startsWith('onnxruntime')],
      ['web/src', (o) => o === 'web/src'],
      ['shared/src', (o) => o === 'shared/src'],
      ['React', (o) => o === 'react-dom' || o === 'scheduler' || o === 'react'],
    ];
    const msOf = (pred: (owner: string) => boolean) =>
      js.filter((o) => pred(o.owner)).reduce((x, o) => x + o.ms, 0);
    const shares = [
      ...groups,
      ['other', (o: string) => !groups.some(([, pred]) => pred(o))] as const,
    ]
      .map(([name, pred]) => [name, Math.round((100 * msOf(pred)) / (jsMs || 1))] as const)
      .filter(([, pct]) => pct > 0);
    if (jsMs > 0)
      out.push(
        `${t.thread}, JS samples by owner: ${shares.map(([n, pct]) => `${n} ${pct} %`).join(', ')}.`,
        '',
      );
    out.push(
      `**${t.thread}**, V8 samples: ${perS(t.busyMs)} ms/s. By owner: ` +
        t.byOwner
          .slice(0, 7)
          .map((o) => `${o.owner} ${perS(o.ms)}`)
          .join(' · '),
      '',
      '| top functions, self time | owner | ms/s | | our code, inclusive time | ms/s |',
      '|---|---|--:|---|---|--:|',
      ...Array.from({ length: Math.max(t.top.length, t.ownInclusive.length) }, (_, i) => {
        const s = t.top[i];
        const inc = t.ownInclusive[i];
        const esc = (x: string) => x.replaceAll('|', '\\|');
        return `| ${s ? esc(s.fn) : ''} | ${s?.owner ?? ''} | ${s ? perS(s.ms) : ''} | | ${inc ? esc(inc.fn) : ''} | ${inc ? perS(inc.ms) : ''} |`;
      }),
      '',
    );
  }
  return out.join('\n');
}

export function comparisonTable(r: ClientCostResults): string {
  if (!r.before) return '';
  const b = r.before.results;
  const rows = [
    `| thread, phase | CPU ms/s ${r.before.label} | CPU ms/s now | change | tasks/s ${r.before.label} | tasks/s now |`,
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const t of r.threads) {
    const old = b.threads.find((x) => x.thread === t.thread);
    if (!old || !(t.thread === 'CrRendererMain' || /AudioWorklet|Compositor|GPU/.test(t.thread)))
      continue;
    for (const p of REPORTED) {
      const a = old.rates[p];
      const n = t.rates[p];
      const change =
        a.cpuMsPerS > 0
          ? `${(((n.cpuMsPerS - a.cpuMsPerS) / a.cpuMsPerS) * 100).toFixed(0)} %`
          : '–';
      rows.push(
        `| ${t.thread}, ${HEAD[p]} | ${ms(a.cpuMsPerS)} | ${ms(n.cpuMsPerS)} | ${change} | ${ms(a.tasksPerS)} | ${ms(n.tasksPerS)} |`,
      );
    }
  }
  const perRun = (x: ClientCostResults) => x.perRun.map((p) => ms(p.mainCpuMsPerS)).join(', ');
  rows.push(
    '',
    `Main thread, whole conversation, per run: ${r.before.label} ${perRun(b)}; now ${perRun(r)} (ms CPU/s).`,
  );
  return rows.join('\n');
}

export function markdown(r: ClientCostResults): string {
  const sections = [
    '# Client cost (issue 10)',
    '',
    `Measured ${r.date}: median of ${r.runs} conversations (\`${r.fixture.name}\`, ` +
      `${r.fixture.turns} spoken turns, ${r.fixture.seconds.toFixed(1)} s of microphone audio) with ` +
      `the built app in Debian's Chromium and a fake microphone, against a local relay on its ` +
      'embedded providers.',
    '',
    '```',
    header(r),
    '```',
    '',
    '## Initial JavaScript',
    '',
    'gzip -9 of the JS that `index.html` loads up front (entry, modulepreloads and their static ' +
      'imports) and of everything loaded later (dynamic imports, AudioWorklet modules). When the ' +
      "VAD loads it also fetches onnxruntime's .wasm and the Silero model (not JS, not counted).",
    '',
    bundleTable(r.bundle),
    '',
    '## CPU per second of audio',
    '',
    'Thread CPU time of top-level tasks in ms per second of audio (audio runs in real time: a ' +
      'second of listening is a second of microphone input), median over runs; in parentheses, ' +
      'the wall time the thread was busy. Phases follow the app’s call state: idle listening, user ' +
      'speaking (VAD speech start → end), thinking (end of utterance → first reply audio), reply ' +
      'playback. Startup (page load, VAD and onnxruntime load, microphone start) is once per call, ' +
      'in ms. The fake microphone is digital silence between phrases; a real room is never silent, ' +
      'so a real idle phase costs more where work depends on the level (the mic-level ring). ' +
      'Thinking lasts only 1–3 s per conversation: its rate is dominated by the bursts at the end ' +
      'of each utterance (transcript, reply text) and varies with how fast the relay answers.',
    '',
    costTable(r),
    '',
    `Trace categories: ${r.traceCategories.measured.join(', ')}. Per run (conversation s, main ` +
      `and worklet CPU ms/s): ${r.perRun.map((x) => `${x.conversationSeconds.toFixed(1)} s ${ms(x.mainCpuMsPerS)}/${ms(x.workletCpuMsPerS)}`).join('; ')}. ` +
      `App: ${JSON.stringify(r.app)}.`,
    '',
  ];
  if (r.attribution) {
    sections.push(
      '## Where the time goes',
      '',
      `One more conversation (${r.attribution.seconds.toFixed(1)} s without startup) traced with ` +
        `${r.traceCategories.attribution.join(', ')}. The extra events and the sampling profiler ` +
        'slow the page down, so read shares, not totals. Functions are named from the source maps; ' +
        '`(program)` is native time outside JS (for a busy thread it also counts waiting).',
      '',
      attributionText(r.attribution),
    );
  }
  if (r.before) sections.push('## Before / after', '', r.before.note, '', comparisonTable(r), '');
  return sections.join('\n');
}

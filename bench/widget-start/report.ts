/** The widget-start results as text: the tables printed and written to bench/results. Pure. */
import { percentile } from '@parley/shared';
import { START_CASES, type Press, type StartCase } from './timeline.ts';

/** How a set of times spread (ms). */
export interface Spread {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** The spread of the finite `xs` (nearest-rank percentiles); null for none. */
export function spread(xs: readonly (number | null | undefined)[]): Spread | null {
  const finite = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (finite.length === 0) return null;
  return {
    n: finite.length,
    median: percentile(finite, 0.5),
    p90: percentile(finite, 0.9),
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

export interface WidgetStartResults {
  date: string;
  command: string;
  /** CPU, cores, Node. */
  machine: string;
  chromium: string;
  load: { before: number[]; after: number[] };
  /** Which recogniser the relay ran (it hears the question). */
  recogniser: string;
  /** Presses per case. */
  runs: number;
  /** The question the microphone says, and its silence before (the file starts at the ask). */
  question: { text: string; leadMs: number } | null;
  presses: Press[];
}

const CASE_NAMES: Readonly<Record<StartCase, string>> = {
  cold: 'cold: a fresh profile (empty HTTP cache)',
  warm: 'warm: the same page reloaded',
  returning: 'returning: the browser restarted on that profile',
};

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(0));

const casesIn = (presses: readonly Press[]) =>
  START_CASES.filter((c) => presses.some((p) => p.case === c));

/** `| case | runs | median | p90 | min | max |` of `value` per case, in ms. */
export function spreadTable(
  presses: readonly Press[],
  value: (p: Press) => number | null | undefined,
): string {
  const rows = casesIn(presses).map((c) => {
    const of = presses.filter((p) => p.case === c);
    const s = spread(of.map(value));
    const n = s ? (s.n === of.length ? `${s.n}` : `${s.n} of ${of.length}`) : `0 of ${of.length}`;
    return `| ${CASE_NAMES[c]} | ${n} | ${ms(s?.median)} | ${ms(s?.p90)} | ${ms(s?.min)} | ${ms(s?.max)} |`;
  });
  return ['| case | runs | median | p90 | min | max |', '|---|--:|--:|--:|--:|--:|', ...rows].join(
    '\n',
  );
}

/** The points of a start, in the order they usually come. */
const POINTS: readonly (readonly [string, string])[] = [
  ['open', 'panel open (`parley-open`)'],
  ['scripts.in', 'call module and its chunks fetched'],
  ['context.asked', 'call module run, the call made: its AudioContext asked for'],
  ['starting', 'the call starting (state `starting`)'],
  ['mic.asked', 'microphone asked'],
  ['worker.new', 'detector’s worker started'],
  ['mic.open', 'microphone open'],
  ['socket.new', 'socket made'],
  ['socket.ready', 'relay ready (its `ready` message)'],
  ['vad.loaded', 'detector loaded'],
  ['listening', '**listening** (state `listening`)'],
];

/** The parts of a start and their durations. */
const PARTS: readonly (readonly [string, string, (p: Press) => number | undefined])[] = [
  ['module', 'call module: click → the call made (fetch, run)', (p) => p.took.module],
  ['module fetch', 'of which `widget-call.js` fetched', (p) => p.took['module fetch']],
  ['audio context', 'its AudioContext made (`new AudioContext`)', (p) => p.took['audio context']],
  ['ticket', 'ticket: the site’s `POST /ticket` → the relay', (p) => p.took.ticket],
  ['socket', 'socket: made → `ready`', (p) => p.took.socket],
  ['detector', 'detector: worker started → loaded', (p) => p.took.detector],
  ['worker fetch', 'of which `vad-worker.js` fetched', (p) => fetchMs(p, 'vad-worker.js')],
  ['model fetch', 'of which the model fetched (the worker’s figure)', (p) => p.vad?.modelFetchMs],
  [
    'session',
    'of which onnxruntime’s session: its WASM fetched, compiled, the model in (the worker’s)',
    (p) => p.vad?.sessionMs,
  ],
  ['wasm fetch', 'of which `ort-wasm-simd-threaded.wasm` fetched', (p) => fetchMs(p, WASM)],
  ['warm-up', 'of which the model’s first run (the worker’s)', (p) => p.vad?.warmUpMs],
  ['microphone', 'microphone: asked → open', (p) => p.took.microphone],
  ['last', 'last of relay and detector → listening', (p) => p.took['last part → listening']],
];

const WASM = 'ort-wasm-simd-threaded.wasm';

function fetchMs(p: Press, name: string): number | undefined {
  const f = p.fetches[name];
  return f === undefined ? undefined : f.end - f.start;
}

/** Medians per case of the points (ms after the click) and of the parts (ms). */
export function breakdownTable(presses: readonly Press[]): string {
  const cases = casesIn(presses);
  const cell = (c: StartCase, value: (p: Press) => number | undefined) => {
    const of = presses.filter((p) => p.case === c);
    const s = spread(of.map(value));
    if (!s) return '–';
    return s.n === of.length ? ms(s.median) : `${ms(s.median)} (${s.n} of ${of.length})`;
  };
  const head = `| | ${cases.join(' | ')} |`;
  const rule = `|---|${cases.map(() => '--:').join('|')}|`;
  const worklets = [...new Set(presses.flatMap((p) => Object.keys(p.took)))]
    .filter((k) => k.startsWith('worklet '))
    .sort();
  const parts: (readonly [string, (p: Press) => number | undefined])[] = [
    ...PARTS.map(([, label, value]) => [label, value] as const),
    ...worklets.map(
      (k) => [`${k.replace('worklet ', '')}: \`addModule\``, (p: Press) => p.took[k]] as const,
    ),
  ];
  return [
    '**When** (ms after the click, median):',
    '',
    head,
    rule,
    ...POINTS.map(
      ([key, label]) => `| ${label} | ${cases.map((c) => cell(c, (p) => p.at[key])).join(' | ')} |`,
    ),
    '',
    '**How long** (ms, median):',
    '',
    head,
    rule,
    ...parts.map(
      ([label, value]) => `| ${label} | ${cases.map((c) => cell(c, value)).join(' | ')} |`,
    ),
  ].join('\n');
}

/** `value` as JSON (one space), its numbers to 0.1 ms: the page's clock has no finer grain. */
export function resultJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v),
    1,
  );
}

/** What every figure block carries: machine, conditions, the command. */
export function header(r: WidgetStartResults): string {
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  return [
    `machine: ${r.machine}, ${r.chromium}`,
    `load average: ${load(r.load.before)} before, ${load(r.load.after)} after (other work shares this machine)`,
    `relay: built, embedded providers, recogniser ${r.recogniser}`,
    `command: ${r.command}`,
  ].join('\n');
}

/** Each press's click → listening (ms), per case: the runs behind the medians. */
function perRun(presses: readonly Press[]): string {
  return casesIn(presses)
    .map((c) => {
      const of = presses.filter((p) => p.case === c);
      return `- ${c}: ${of.map((p) => ms(p.at.listening)).join(', ')}`;
    })
    .join('\n');
}

/** The problems seen, one line each (none: nothing). */
function problems(presses: readonly Press[]): string[] {
  return presses.flatMap((p) =>
    [...p.errors, ...(p.note === undefined ? [] : [p.note])].map(
      (e) => `- ${p.case} ${p.run}: ${e}`,
    ),
  );
}

export function widgetStartMarkdown(r: WidgetStartResults): string {
  const issues = problems(r.presses);
  return [
    '# Widget: Talk → listening (issue 64)',
    '',
    `Measured ${r.date}. A site on another origin than the relay's serves one page with the ` +
      'widget\'s one tag (`<parley-voice relay=… ticket-url="/ticket">`, the CSP of ' +
      'docs/embedding.md) and its backend’s ticket route; the built relay serves the loader and ' +
      "the call's files. In Debian's Chromium with a fake microphone, each run presses Talk and " +
      'times the click → the element’s `parley-state` event with `listening`, on the page’s clock. ' +
      `${r.runs} runs of each case: **cold** (a fresh browser profile: nothing in the HTTP ` +
      'cache, no compiled WebAssembly), then on that profile **warm** (the page reloaded in the ' +
      'same browser) and **returning** (the browser closed and started again on the profile). ' +
      'After each press the user ends the call (End), so the next page starts afresh rather ' +
      'than taking the call over (across pages). The loader (`widget.js`) is loaded with the ' +
      'page, before the click: not counted.',
    '',
    '```',
    header(r),
    '```',
    '',
    '## Click → listening (ms)',
    '',
    spreadTable(r.presses, (p) => p.at.listening),
    '',
    ...(r.question
      ? [
          '## The question’s end → the first words of the answer shown (ms)',
          '',
          `The microphone says “${r.question.text}” ${r.question.leadMs} ms after the page asks ` +
            'for it (a fake device starts its file then); the answer is the first `parley-reply` ' +
            'delta. A run whose question began before the call listened is not counted.',
          '',
          spreadTable(r.presses, (p) => p.answerMs),
          '',
        ]
      : []),
    '## Where the time goes',
    '',
    'When its module is in, the call makes its AudioContext and asks for the microphone (in ' +
      'the tap, where the browser may prompt: here the fake device’s switch grants it at once), ' +
      'then starts its parts together: the ticket and the socket, the detector (its worker ' +
      'fetches the model and onnxruntime’s WebAssembly, compiles it, runs the model once) and ' +
      'the player’s worklet; it listens once they are all in. Points from the element’s events ' +
      'and from the browser’s calls the page made (the AudioContext, the socket, the worker, ' +
      '`getUserMedia`, `addModule`, wrapped to note the time); fetches from the page’s resource ' +
      'timings, and the worker’s from Chromium’s network timings (wall clock, put on the page’s ' +
      'by its `timeOrigin`). A part a run did not see is counted out of its median, which says ' +
      'so (`n of N`).',
    '',
    breakdownTable(r.presses),
    '',
    '## Per run: click → listening (ms)',
    '',
    perRun(r.presses),
    '',
    ...(issues.length > 0 ? ['## Seen during the runs', '', ...issues, ''] : []),
  ].join('\n');
}

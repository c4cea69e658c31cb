/**
 * Reads a Chrome trace (JSON, as `browser.stopTracing()` returns it): the conversation's phases
 * from the page's `parley.phase:*` user-timing marks, and per thread the time spent in top-level
 * tasks (wall `dur` and thread CPU `tdur`), split by phase, with the self time of each trace event
 * name inside those tasks (what the time went to: JS calls, style, layout, paint, GC, …).
 */

export interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  /** Microseconds on the trace clock. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  id?: string;
  args?: { name?: string; data?: unknown; src_file?: string; src_func?: string };
}

/** The phases of a conversation: the app's call states, plus everything before listening. */
export const PHASES = ['startup', 'listening', 'user-speaking', 'thinking', 'speaking'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseSpan {
  phase: Phase;
  /** Trace clock, µs. */
  start: number;
  end: number;
}

/** Prefix of the marks the bench's page script sets on each call-state change. */
export const PHASE_MARK = 'parley.phase:';
/** Mark set when the conversation is over (ends the last phase). */
export const END_MARK = 'parley.bench:end';

/** Where one thread's top-level task time went, in one phase. */
interface ThreadPhaseCost {
  /** Top-level tasks' wall time (µs): time the thread was busy, including being descheduled. */
  wallUs: number;
  /** Top-level tasks' thread CPU time (µs). */
  cpuUs: number;
  tasks: number;
}

interface ThreadCost {
  /** Thread name (threads of one name in one process are summed, e.g. thread pool workers). */
  thread: string;
  threads: number;
  byPhase: Record<Phase, ThreadPhaseCost>;
  /** Self CPU time (µs) per trace event name, outside startup. */
  selfCpuUsByEvent: Map<string, number>;
}

export interface TraceSummary {
  rendererPid: number;
  phases: PhaseSpan[];
  /** Seconds spent in each phase. */
  phaseSeconds: Record<Phase, number>;
  /** Threads of the page's renderer process, plus one total row per other process. */
  threads: ThreadCost[];
}

const emptyPhases = (): Record<Phase, ThreadPhaseCost> => ({
  startup: { wallUs: 0, cpuUs: 0, tasks: 0 },
  listening: { wallUs: 0, cpuUs: 0, tasks: 0 },
  'user-speaking': { wallUs: 0, cpuUs: 0, tasks: 0 },
  thinking: { wallUs: 0, cpuUs: 0, tasks: 0 },
  speaking: { wallUs: 0, cpuUs: 0, tasks: 0 },
});

function isPhase(x: string): x is Phase {
  return (PHASES as readonly string[]).includes(x);
}

/** The phase spans from the page's marks; `startup` runs from the first event to `listening`. */
function phaseSpans(events: TraceEvent[]): { pid: number; spans: PhaseSpan[] } {
  const marks = events
    .filter((e) => e.cat?.includes('blink.user_timing') && e.name.startsWith('parley.'))
    .sort((a, b) => a.ts - b.ts);
  const first = marks[0];
  const end = marks.find((m) => m.name === END_MARK);
  if (first === undefined || end === undefined) throw new Error('the trace has no phase marks');
  let traceStart = Infinity;
  for (const e of events) if (e.ts > 0 && e.ts < traceStart) traceStart = e.ts;
  const spans: PhaseSpan[] = [];
  let phase: Phase = 'startup';
  let start = traceStart;
  for (const m of marks) {
    if (m.ts > end.ts) break;
    // `starting` (any state before the first `listening`) counts as startup; END closes.
    const state = m === end ? null : m.name.slice(PHASE_MARK.length);
    const next: Phase | null = state === null ? null : isPhase(state) ? state : 'startup';
    if (next === phase) continue;
    spans.push({ phase, start, end: m.ts });
    if (next === null) break;
    phase = next;
    start = m.ts;
  }
  return { pid: first.pid, spans: spans.filter((s) => s.end > s.start) };
}

/** The row of background WebAssembly compilation (V8's thread-pool tasks compiling a module). */
export const WASM_COMPILE = 'WebAssembly compile (background)';
const WASM_COMPILE_RE = /module-compiler|^v8\.wasm/;

/** An event's name, with the posting source file for thread-pool tasks (what they are for). */
function eventKey(e: TraceEvent): string {
  const file = e.args?.src_file;
  return file ? `${e.name} (${file.slice(file.lastIndexOf('/') + 1)})` : e.name;
}

interface Open {
  end: number;
  childWall: number;
  childCpu: number;
  event: TraceEvent;
}

/** Summarises `events`: phases and per-thread costs. */
export function summarise(events: TraceEvent[]): TraceSummary {
  const { pid, spans } = phaseSpans(events);
  const threadName = new Map<string, string>();
  const processName = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.name === 'process_name') processName.set(e.pid, e.args?.name ?? '?');
  }
  const phaseAt = (ts: number): Phase | null => {
    for (const s of spans) if (ts >= s.start && ts < s.end) return s.phase;
    return null;
  };
  // Complete events of each thread, in start order (longest first, so parents precede children).
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  const costs = new Map<string, ThreadCost & { tids: Set<number> }>();
  const costOf = (label: string) => {
    let cost = costs.get(label);
    if (cost === undefined) {
      cost = {
        thread: label,
        threads: 0,
        tids: new Set(),
        byPhase: emptyPhases(),
        selfCpuUsByEvent: new Map(),
      };
      costs.set(label, cost);
    }
    return cost;
  };
  for (const [key, list] of byThread) {
    const [pidText = '0', tidText = '0'] = key.split(':');
    const threadPid = Number(pidText);
    const label =
      threadPid === pid
        ? (threadName.get(key) ?? `thread ${tidText}`)
        : `${processName.get(threadPid) ?? `process ${pidText}`} process (all threads)`;
    const cost = costOf(label);
    cost.tids.add(Number(tidText));
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Open[] = [];
    const close = (o: Open): void => {
      const phase = phaseAt(o.event.ts + (o.event.dur ?? 0) / 2);
      if (phase === null || phase === 'startup' || threadPid !== pid) return;
      const self = Math.max(0, (o.event.tdur ?? 0) - o.childCpu);
      const m = cost.selfCpuUsByEvent;
      const key = eventKey(o.event);
      m.set(key, (m.get(key) ?? 0) + self);
    };
    for (const e of list) {
      const dur = e.dur ?? 0;
      while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= e.ts) close(stack.pop()!);
      const parent = stack.at(-1);
      if (parent) {
        parent.childWall += dur;
        parent.childCpu += e.tdur ?? 0;
      } else {
        const phase = phaseAt(e.ts + dur / 2);
        // Compiling onnxruntime's WebAssembly is a one-off, whenever it happens: its own row.
        const target =
          threadPid === pid && label !== 'CrRendererMain' && WASM_COMPILE_RE.test(eventKey(e))
            ? costOf(WASM_COMPILE)
            : cost;
        if (phase !== null) {
          const p = target.byPhase[phase];
          p.wallUs += dur;
          p.cpuUs += e.tdur ?? 0;
          p.tasks++;
        }
      }
      stack.push({ end: e.ts + dur, childWall: 0, childCpu: 0, event: e });
    }
    while (stack.length > 0) close(stack.pop()!);
  }
  const phaseSeconds = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  for (const s of spans) phaseSeconds[s.phase] += (s.end - s.start) / 1e6;
  return {
    rendererPid: pid,
    phases: spans,
    phaseSeconds,
    threads: [...costs.values()].map(({ tids, ...c }) => ({ ...c, threads: tids.size })),
  };
}

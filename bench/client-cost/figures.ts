/**
 * From per-run trace summaries to the published figures: ms of thread time per second of audio
 * for each thread and phase, median over runs.
 */
import { PHASES, WASM_COMPILE, type Phase, type TraceSummary } from './trace.ts';

/** The phases of a conversation, without startup, plus the whole conversation. */
export const REPORTED = [
  'conversation',
  'listening',
  'user-speaking',
  'thinking',
  'speaking',
] as const;
export type Reported = (typeof REPORTED)[number];

interface Rate {
  /** Thread CPU time per second of audio (ms/s), median over runs. */
  cpuMsPerS: number;
  /** Wall time in top-level tasks per second of audio (ms/s), median over runs. */
  wallMsPerS: number;
  /** Top-level tasks per second of audio, median over runs. */
  tasksPerS: number;
}

export interface ThreadFigures {
  thread: string;
  threads: number;
  rates: Record<Reported, Rate>;
  /** One-off CPU time from navigation to listening (ms), median. */
  startupCpuMs: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const CONVERSATION: Phase[] = PHASES.filter((p) => p !== 'startup');

/** Seconds of each reported phase in one run. */
export function reportedSeconds(s: TraceSummary): Record<Reported, number> {
  const out = { ...s.phaseSeconds, conversation: 0 } as Record<Reported | Phase, number>;
  out.conversation = CONVERSATION.reduce((a, p) => a + s.phaseSeconds[p], 0);
  return out;
}

/** Main thread first, then the AudioWorklet, workers, then the rest by conversation CPU. */
function rank(thread: string): number {
  if (thread === 'CrRendererMain') return 0;
  if (/AudioWorklet/i.test(thread)) return 1;
  if (/Worker thread|DedicatedWorker/i.test(thread)) return 2;
  if (thread.endsWith('(all threads)')) return 4;
  return 3;
}

/** Median figures per thread over `runs`; threads under `minCpuMsPerS` are left out (not main). */
export function threadFigures(runs: TraceSummary[], minCpuMsPerS = 0.5): ThreadFigures[] {
  const names = new Set(runs.flatMap((r) => r.threads.map((t) => t.thread)));
  names.delete(WASM_COMPILE);
  const out: ThreadFigures[] = [];
  for (const thread of names) {
    const per = (phase: Reported, pick: 'cpuUs' | 'wallUs' | 'tasks', scale: number) =>
      median(
        runs.map((r) => {
          const t = r.threads.find((x) => x.thread === thread);
          const seconds = reportedSeconds(r)[phase];
          if (!t || seconds === 0) return 0;
          const phases = phase === 'conversation' ? CONVERSATION : [phase];
          return phases.reduce((a, p) => a + t.byPhase[p][pick], 0) / scale / seconds;
        }),
      );
    const rates = Object.fromEntries(
      REPORTED.map((p) => [
        p,
        {
          cpuMsPerS: per(p, 'cpuUs', 1000),
          wallMsPerS: per(p, 'wallUs', 1000),
          tasksPerS: per(p, 'tasks', 1),
        },
      ]),
    ) as Record<Reported, Rate>;
    const startupCpuMs = median(
      runs.map(
        (r) => (r.threads.find((x) => x.thread === thread)?.byPhase.startup.cpuUs ?? 0) / 1000,
      ),
    );
    const threads = Math.max(
      ...runs.map((r) => r.threads.find((x) => x.thread === thread)?.threads ?? 0),
    );
    if (rank(thread) > 1 && rates.conversation.cpuMsPerS < minCpuMsPerS && startupCpuMs < 50)
      continue;
    out.push({ thread, threads, rates, startupCpuMs });
  }
  return out.sort(
    (a, b) =>
      rank(a.thread) - rank(b.thread) ||
      b.rates.conversation.cpuMsPerS - a.rates.conversation.cpuMsPerS,
  );
}

/** Where a thread's CPU went outside startup: self time per trace event, ms per second of audio. */
export function eventBreakdown(runs: TraceSummary[], thread: string, topN = 10) {
  const totals = new Map<string, number>();
  let seconds = 0;
  for (const r of runs) {
    seconds += reportedSeconds(r).conversation;
    for (const [name, us] of r.threads.find((t) => t.thread === thread)?.selfCpuUsByEvent ?? [])
      totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return [...totals]
    .map(([event, us]) => ({ event, cpuMsPerS: us / 1000 / seconds }))
    .sort((a, b) => b.cpuMsPerS - a.cpuMsPerS)
    .slice(0, topN);
}

/**
 * Compiling onnxruntime's WebAssembly on V8's background threads (median ms of CPU): in all, and
 * the part that ran after the app was already listening.
 */
export function wasmCompile(runs: TraceSummary[]): {
  totalCpuMs: number;
  afterListeningCpuMs: number;
} {
  const of = (r: TraceSummary, phases: readonly Phase[]) => {
    const t = r.threads.find((x) => x.thread === WASM_COMPILE);
    return t ? phases.reduce((a, p) => a + t.byPhase[p].cpuUs, 0) / 1000 : 0;
  };
  return {
    totalCpuMs: median(runs.map((r) => of(r, PHASES))),
    afterListeningCpuMs: median(runs.map((r) => of(r, CONVERSATION))),
  };
}

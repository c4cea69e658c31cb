/**
 * V8's sampling profiler as recorded in a Chrome trace (`disabled-by-default-v8.cpu_profiler`):
 * one profile per JS thread (the page's main thread, the AudioWorklet thread, workers). Self time
 * per function, named through the app's source maps, and per owner (npm package, our code,
 * onnxruntime's WebAssembly, V8 itself).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sourceOwner } from './bundle-size.ts';
import { SourceMap } from './source-map.ts';
import type { PhaseSpan, TraceEvent } from './trace.ts';

interface CallFrame {
  codeType?: string;
  functionName: string;
  url?: string;
  /** 0-based. */
  lineNumber?: number;
  /** 0-based. */
  columnNumber?: number;
}

interface ChunkData {
  cpuProfile?: {
    nodes?: { id: number; parent?: number; callFrame: CallFrame }[];
    samples?: number[];
  };
  timeDeltas?: number[];
  startTime?: number;
}

interface FunctionCost {
  /** Function name (original where the source map knows it) and where it is. */
  fn: string;
  owner: string;
  /** Self or inclusive time, per the list it is in (ms). */
  ms: number;
}

export interface ThreadProfile {
  thread: string;
  /** Sampled time in the measured phases (ms), idle excluded. */
  busyMs: number;
  top: FunctionCost[];
  /** Our own functions (web/src, shared/src) by inclusive time: self plus what they call. */
  ownInclusive: FunctionCost[];
  byOwner: { owner: string; ms: number }[];
}

/**
 * Self time per function of every profiled thread of `pid`, counting only samples inside `spans`
 * (the conversation, without startup). `distDir` holds the served app and its source maps.
 */
export function profileThreads(
  events: TraceEvent[],
  pid: number,
  spans: PhaseSpan[],
  distDir: string,
  topN = 15,
): ThreadProfile[] {
  const threadName = new Map<number, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid)
      threadName.set(e.tid, e.args?.name ?? '?');
  const profiles = new Map<
    string,
    {
      thread: string;
      time: number;
      nodes: Map<number, CallFrame>;
      parents: Map<number, number>;
      /** [timestamp µs, node id], in the order recorded (not always time order). */
      samples: [number, number][];
      self: Map<number, number>;
    }
  >();
  for (const e of events) {
    if (e.pid !== pid || e.id === undefined) continue;
    const data = e.args?.data as ChunkData | undefined;
    if (e.name === 'Profile') {
      profiles.set(e.id, {
        thread: threadName.get(e.tid) ?? `thread ${e.tid}`,
        time: data?.startTime ?? e.ts,
        nodes: new Map(),
        parents: new Map(),
        samples: [],
        self: new Map(),
      });
      continue;
    }
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(e.id);
    if (!p || !data) continue;
    for (const n of data.cpuProfile?.nodes ?? []) {
      p.nodes.set(n.id, n.callFrame);
      if (n.parent !== undefined) p.parents.set(n.id, n.parent);
    }
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (const [i, node] of samples.entries()) {
      p.time += deltas[i] ?? 0;
      p.samples.push([p.time, node]);
    }
  }
  for (const p of profiles.values()) {
    // A sample stands for the time up to the next one (at most 10 ms: longer is a gap).
    p.samples.sort((a, b) => a[0] - b[0]);
    for (const [i, [time, node]] of p.samples.entries()) {
      const weight = Math.min(10_000, (p.samples[i + 1]?.[0] ?? time) - time);
      if (!spans.some((s) => s.phase !== 'startup' && time >= s.start && time < s.end)) continue;
      p.self.set(node, (p.self.get(node) ?? 0) + weight);
    }
  }
  const maps = new Map<string, SourceMap | null>();
  const sourceMapOf = (url: string): SourceMap | null => {
    const path = new URL(url).pathname;
    if (!maps.has(path)) {
      const file = join(distDir, `${path}.map`);
      maps.set(path, existsSync(file) ? SourceMap.read(file) : null);
    }
    return maps.get(path) ?? null;
  };
  const described = new Map<CallFrame, { fn: string; owner: string }>();
  const describe = (f: CallFrame): { fn: string; owner: string } => {
    let d = described.get(f);
    if (d === undefined) {
      d = describeFrame(f);
      described.set(f, d);
    }
    return d;
  };
  const describeFrame = (f: CallFrame): { fn: string; owner: string } => {
    if (f.functionName.startsWith('(')) return { fn: f.functionName, owner: 'V8 / browser' };
    if (f.codeType === 'wasm' || f.url?.includes('.wasm'))
      return { fn: `${f.functionName} [wasm]`, owner: 'onnxruntime (wasm)' };
    if (!f.url) return { fn: f.functionName || '(anonymous)', owner: 'V8 / browser' };
    const pos = sourceMapOf(f.url)?.lookup(f.lineNumber ?? 0, f.columnNumber ?? 0);
    if (!pos) {
      const file = f.url.slice(f.url.lastIndexOf('/') + 1);
      return { fn: `${f.functionName || '(anonymous)'} (${file})`, owner: file };
    }
    const owner = sourceOwner(pos.source);
    const file = pos.source.slice(pos.source.lastIndexOf('/') + 1);
    return { fn: `${pos.name ?? (f.functionName || '(anonymous)')} (${file}:${pos.line})`, owner };
  };
  const out: ThreadProfile[] = [];
  for (const p of profiles.values()) {
    const byFn = new Map<string, FunctionCost>();
    const byOwner = new Map<string, number>();
    const inclusive = new Map<string, FunctionCost>();
    let busy = 0;
    for (const [node, us] of p.self) {
      const frame = p.nodes.get(node);
      if (!frame || frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
      const { fn, owner } = describe(frame);
      busy += us;
      const cost = byFn.get(fn) ?? { fn, owner, ms: 0 };
      cost.ms += us / 1000;
      byFn.set(fn, cost);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + us / 1000);
      const seen = new Set<string>();
      for (let n: number | undefined = node; n !== undefined; n = p.parents.get(n)) {
        const f = p.nodes.get(n);
        if (!f?.url) continue;
        const d = describe(f);
        if (seen.has(d.fn) || (d.owner !== 'web/src' && d.owner !== 'shared/src')) continue;
        seen.add(d.fn);
        const c = inclusive.get(d.fn) ?? { ...d, ms: 0 };
        c.ms += us / 1000;
        inclusive.set(d.fn, c);
      }
    }
    if (busy === 0) continue;
    out.push({
      thread: p.thread,
      busyMs: busy / 1000,
      top: [...byFn.values()].sort((a, b) => b.ms - a.ms).slice(0, topN),
      ownInclusive: [...inclusive.values()].sort((a, b) => b.ms - a.ms).slice(0, topN),
      byOwner: [...byOwner].map(([owner, ms]) => ({ owner, ms })).sort((a, b) => b.ms - a.ms),
    });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

/**
 * One press of Talk as a timeline: what the page's probe recorded and what the browser fetched,
 * put in ms after the click, and the spans between (where the time goes). Pure.
 */
import type { ProbeRecord } from './probe.ts';

/** Where the browser's caches are at the press. */
export const START_CASES = ['cold', 'warm', 'returning'] as const;
export type StartCase = (typeof START_CASES)[number];

/** A fetch the browser made, on the wall clock (epoch ms; `end` null when it did not finish). */
export interface NetworkFetch {
  url: string;
  startEpochMs: number;
  endEpochMs: number | null;
}

/** One press of Talk, in ms after the click. */
export interface Press {
  case: StartCase;
  run: number;
  /** When each point came: `open`, `starting`, `listening`, `socket.ready`, `vad.loaded`, … */
  at: Record<string, number>;
  /**
   * How long each part took (ms): `module` (click → the call made), `audio context`, `ticket`,
   * `socket`, `detector`, `microphone`, …
   */
  took: Record<string, number>;
  /** Each file fetched after the click (its name without the build's hash): start and end. */
  fetches: Record<string, { start: number; end: number }>;
  /** The detector's worker's own timings of its load. */
  vad: ProbeRecord['vad'];
  /** The words heard of the spoken question (null: none). */
  heard: string | null;
  /** The question's end → the first words of the reply shown (ms); null: no reply, or see `note`. */
  answerMs: number | null;
  errors: string[];
  note?: string;
}

/** When the question is in the microphone's file (ms from the file's start). */
export interface QuestionAt {
  startMs: number;
  endMs: number;
}

/**
 * A file's name as the report shows it: its last path segment, without the hash the build puts
 * in its scripts' names (`vad-worker-DnK1K_5e.js` → `vad-worker.js`; the detector's files keep
 * theirs).
 */
export function fileName(url: string): string {
  const path = new URL(url).pathname;
  const last = path.split('/').at(-1) ?? path;
  return last.replace(/-[\w-]{8}\.js$/, '.js');
}

const PHASE_MARK = /^state:(.+)$/;

/**
 * The press `record` describes, in ms after its click; `network` holds what the browser fetched
 * (the worker's fetches too, which the page's own timings do not see). `question` says where the
 * spoken question is in the microphone's file, which starts when the page first asks for the
 * microphone.
 */
export function pressTimeline(
  record: ProbeRecord,
  network: readonly NetworkFetch[],
  question: QuestionAt | null,
): Omit<Press, 'case' | 'run'> {
  const click = record.marks.click;
  if (click === undefined) throw new Error('the probe saw no click');
  const at: Record<string, number> = {};
  for (const [name, t] of Object.entries(record.marks)) {
    if (name === 'click') continue;
    at[name.replace(PHASE_MARK, '$1')] = t - click;
  }
  const fetches: Press['fetches'] = {};
  const put = (url: string, start: number, end: number) => {
    if (start < click || !/^https?:/.test(url)) return;
    const name = fileName(url);
    fetches[name] ??= { start: start - click, end: end - click };
  };
  for (const r of record.resources) put(r.name, r.start, r.end);
  // The call's module and the chunks it imports, fetched by the page before it made the call.
  const made = record.marks['context.asked'];
  const scripts = record.resources
    .filter(
      (r) => r.start >= click && r.name.endsWith('.js') && (made === undefined || r.end <= made),
    )
    .map((r) => r.end - click);
  if (scripts.length > 0) at['scripts.in'] = Math.max(...scripts);
  for (const f of network)
    if (f.endEpochMs !== null)
      put(f.url, f.startEpochMs - record.timeOrigin, f.endEpochMs - record.timeOrigin);

  const took: Record<string, number> = {};
  const span = (name: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) took[name] = to - from;
  };
  span('module', 0, at['context.asked']);
  span('audio context', at['context.asked'], at['context.made']);
  span('module fetch', fetches['widget-call.js']?.start, fetches['widget-call.js']?.end);
  span('ticket', fetches.ticket?.start, fetches.ticket?.end);
  span('socket', at['socket.new'], at['socket.ready']);
  span('detector', at['worker.new'], at['vad.loaded']);
  span('microphone', at['mic.asked'], at['mic.open']);
  for (const [name, start, end] of record.spans) span(name, start, end);
  const parallel = [at['socket.ready'], at['vad.loaded']].filter((x) => x !== undefined);
  if (parallel.length === 2) span('last part → listening', Math.max(...parallel), at.listening);

  let answerMs: number | null = null;
  let note: string | undefined;
  const asked = at['mic.asked'];
  if (question && asked !== undefined && at.reply !== undefined) {
    if (at.listening !== undefined && at.listening > asked + question.startMs)
      note = 'the question began before the call listened';
    else answerMs = at.reply - (asked + question.endMs);
  }
  return {
    at,
    took,
    fetches,
    vad: record.vad,
    heard: record.heard,
    answerMs,
    errors: record.errors,
    ...(note === undefined ? {} : { note }),
  };
}

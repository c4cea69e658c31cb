import type { ToolProgress, ToolTurnEvent } from '@parley/shared';
import { abortable } from '../abortable.ts';

/**
 * How long a round's tools may run, from when the words before them end being heard, before the
 * user hears that something is happening (ms; issue 48). With a hosted voice's ~200 ms to its
 * first byte, the line starts ~0.9 s into the silence: never more than ~1 s of it while a tool
 * runs. A named constant rather than a setting: it is what the issue asks of every voice.
 */
export const TOOL_PROGRESS_AFTER_MS = 700;

/** The lines said while tools run long, by what the tools seem to do (English; see below). */
export const PROGRESS_LINES = {
  checking: "One moment, I'm checking.",
  notes: "One moment, I'm checking my notes.",
  lookup: "One moment, I'm looking that up.",
  working: "One moment, I'm working that out.",
  /** A later round: the user has heard a line already. */
  still: 'Still working on it.',
} as const;

/** One language's progress lines: by kind of tool, as English has them. */
type ProgressLines = Record<keyof typeof PROGRESS_LINES, string>;

/** Dutch, by kind of tool as English (issue 62). */
const DUTCH_PROGRESS_LINES: ProgressLines = {
  checking: 'Een moment, ik kijk het na.',
  notes: 'Een moment, ik kijk in mijn notities.',
  lookup: 'Een moment, ik zoek het op.',
  working: 'Een moment, ik reken het uit.',
  still: 'Ik ben er nog mee bezig.',
};

/**
 * The lines in other languages (by the language's primary subtag): one plain line, and one for a
 * later round. A language not here hears English.
 */
export const PROGRESS_LINES_BY_LANGUAGE: Record<string, { checking: string; still: string }> = {
  fr: { checking: 'Un instant, je vérifie.', still: 'Je suis toujours dessus.' },
  de: { checking: 'Einen Moment, ich sehe nach.', still: 'Ich bin noch dabei.' },
  es: { checking: 'Un momento, lo compruebo.', still: 'Sigo en ello.' },
  it: { checking: 'Un momento, controllo.', still: 'Ci sto ancora lavorando.' },
  pt: { checking: 'Um momento, estou a verificar.', still: 'Ainda estou a tratar disso.' },
  nl: DUTCH_PROGRESS_LINES,
};

/** The languages whose lines go by kind of tool. */
const BY_KIND: Readonly<Record<string, ProgressLines>> = {
  en: PROGRESS_LINES,
  nl: DUTCH_PROGRESS_LINES,
};

/**
 * The line said while `names` run in round `round` (from 0), in `language` (BCP 47; English by
 * default): by the kind of tool when all of them are of one kind (English, Dutch), else the
 * plain "checking" (pure).
 */
export function progressLine(names: readonly string[], round: number, language = 'en'): string {
  const primary = language.split('-')[0]?.toLowerCase() ?? 'en';
  const lines = BY_KIND[primary];
  const other = PROGRESS_LINES_BY_LANGUAGE[primary];
  if (!lines && other) return round > 0 ? other.still : other.checking;
  const table = lines ?? PROGRESS_LINES;
  if (round > 0) return table.still;
  const kinds = new Set(names.map(toolKind));
  const [kind] = kinds;
  return kinds.size === 1 && kind !== undefined ? table[kind] : table.checking;
}

function toolKind(name: string): keyof typeof PROGRESS_LINES {
  if (/note|memor|remember|recall/i.test(name)) return 'notes';
  if (/search|look|find|fetch|weather|web|get/i.test(name)) return 'lookup';
  if (/calc|sum|add|math|multiply|convert/i.test(name)) return 'working';
  return 'checking';
}

/** When the progress is due (relay clock, ms): {@link TOOL_PROGRESS_AFTER_MS} of silence. */
export function progressDueAt(toolsStartedAt: number, wordsEndAt: number, afterMs: number): number {
  return Math.max(toolsStartedAt, wordsEndAt) + afterMs;
}

/** What a round's progress watch works with. */
export interface ProgressWatchOptions {
  /** The user's choice: a line in the reply's voice, or the page's earcon. */
  progress: ToolProgress;
  /** The reply's language (BCP 47), the line's. */
  language: string;
  /** The turn is answered as text only: a line is sent, never said. */
  silent: boolean;
  /** When the words handed to the voice so far end being heard (relay clock, ms). */
  wordsEnd(): Promise<number>;
  /** The names of the calls still running. */
  running(): string[];
  /** Sends the turn's `tool.progress`. */
  send(event: ToolTurnEvent): void;
  /** Says `line` in the reply's voice, after what it was given before. */
  say(line: string): void;
  now(): number;
  /** Default {@link TOOL_PROGRESS_AFTER_MS}. */
  afterMs?: number;
}

/** A round's progress watch: stopped when the round's calls have all ended. */
export interface ProgressWatch {
  stop(): void;
}

/**
 * Watches round `round`'s calls (started now): if any still runs {@link TOOL_PROGRESS_AFTER_MS}
 * after the words before them end being heard, sends `tool.progress` once and, for `spoken`,
 * says its line in the reply's voice. Stopped before then: nothing.
 */
export function watchToolProgress(o: ProgressWatchOptions, round: number): ProgressWatch {
  const startedAt = o.now();
  const stopped = new AbortController();
  const afterMs = o.afterMs ?? TOOL_PROGRESS_AFTER_MS;
  const watching = (async () => {
    const wordsEndAt = await abortable(o.wordsEnd(), stopped.signal);
    const dueInMs = progressDueAt(startedAt, wordsEndAt, afterMs) - o.now();
    await abortable(
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, dueInMs));
        stopped.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      }),
      stopped.signal,
    );
    const names = o.running();
    if (names.length === 0) return;
    const text = o.progress === 'spoken' ? progressLine(names, round, o.language) : undefined;
    o.send({
      type: 'tool.progress',
      names,
      progress: o.progress,
      ...(text === undefined ? {} : { text }),
      atMs: o.now(),
    });
    if (text !== undefined && !o.silent) o.say(text);
  })();
  // Stopped: the round ended first, which is no failure.
  watching.catch(() => undefined);
  return { stop: () => stopped.abort() };
}

import type { ToolProgress, ToolTurnEvent } from '@parley/shared';
import { progressLine } from './tool-progress.ts';

/**
 * How long the language model may take to its first word (or first tool call) before the user
 * hears that something is happening (ms; `FIRST_TOKEN_LATE_S`, issue 63): past it, the line
 * that covers a slow tool covers the model too.
 */
export const LATE_FIRST_TOKEN_MS = 1_500;

/** What a turn's first-token watch works with. */
export interface FirstTokenWatchOptions {
  /** The user's choice: a line in the reply's voice, or the page's earcon. */
  progress: ToolProgress;
  /** The reply's language (BCP 47), the line's. */
  language: string;
  /** The turn is answered as text only: a line is sent, never said. */
  silent: boolean;
  /** How long the model may take (ms); 0: never a line. */
  afterMs: number;
  /** Sends the turn's `tool.progress` (no tool names: no tool runs). */
  send(event: ToolTurnEvent): void;
  /** Says `line` in the reply's voice, as an aside (no part of the reply's text). */
  say(line: string): void;
  now(): number;
}

/** A turn's first-token watch: stopped when the model's first output came (or the turn ended). */
export interface FirstTokenWatch {
  stop(): void;
}

/**
 * Watches a turn's language model from its request (now): if it has written nothing and called
 * no tool {@link FirstTokenWatchOptions.afterMs} later, sends `tool.progress` once (no tool
 * names) and, for `spoken`, says the plain line a slow tool gets ("One moment, I'm checking.")
 * in the reply's language and voice. Once per turn: stopped before then, nothing.
 */
export function watchFirstToken(o: FirstTokenWatchOptions): FirstTokenWatch {
  if (o.afterMs <= 0) return { stop: () => undefined };
  const timer = setTimeout(() => {
    const text = o.progress === 'spoken' ? progressLine([], 0, o.language) : undefined;
    o.send({
      type: 'tool.progress',
      names: [],
      progress: o.progress,
      ...(text === undefined ? {} : { text }),
      atMs: o.now(),
    });
    if (text !== undefined && !o.silent) o.say(text);
  }, o.afterMs);
  return { stop: () => clearTimeout(timer) };
}

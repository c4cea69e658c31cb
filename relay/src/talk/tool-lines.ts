import type { ToolCallStatus, ToolProgress } from '@parley/shared';

/** A tool call of a turn as a client saw it (`tool.call`, then its `tool.result`). */
export interface TalkToolCall {
  callId: string;
  name: string;
  arguments: string;
  /** Null until its result came (a turn stopped meanwhile may never send one). */
  status: ToolCallStatus | null;
  summary: string;
  /** Its time on the relay's clock (ms); null until its result came. */
  ms: number | null;
}

/** What was heard while a turn's tools ran long (`tool.progress`). */
export interface TalkToolProgress {
  names: string[];
  progress: ToolProgress;
  text?: string;
}

/** Longest arguments shown on a line of their own (characters). */
const SHOWN_ARGUMENTS_CHARS = 120;

/**
 * A turn's tool calls and progress for a person at a terminal (`pnpm talk`): one line each, in
 * the order they came (progress after the calls it was about). Pure.
 */
export function toolLines(
  tools: readonly TalkToolCall[],
  progress: readonly TalkToolProgress[],
): string[] {
  const calls = tools.map((t) => {
    const args =
      t.arguments.length > SHOWN_ARGUMENTS_CHARS
        ? `${t.arguments.slice(0, SHOWN_ARGUMENTS_CHARS)}…`
        : t.arguments;
    const how = t.status === null ? 'no result' : `${t.status}${t.summary ? `: ${t.summary}` : ''}`;
    const ms = t.ms === null ? '' : ` (${Math.round(t.ms)} ms)`;
    return `tool:  ${t.name} ${args} → ${how}${ms}`;
  });
  const heard = progress.map((p) => {
    const what = p.names.length === 0 ? 'the model was slow' : `${p.names.join(', ')} ran`;
    return p.progress === 'spoken' && p.text !== undefined
      ? `hold:  “${p.text}” (said while ${what})`
      : `hold:  earcon (while ${what})`;
  });
  return [...calls, ...heard];
}

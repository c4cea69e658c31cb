import type {
  ToolCallMessage,
  ToolClosedMessage,
  ToolConfirmMessage,
  ToolResultMessage,
  TurnToolCall,
} from '@parley/shared';
import type { ChatEntry, ToolCallView, ToolConfirmView } from './types.ts';

/**
 * The tool calls a reply shows, pure: live from `tool.call` / `tool.result`, then as the turn's
 * record has them (`turn.done`, the history) — which also fills in a turn whose live messages a
 * reload or a resume missed.
 */

/** A call started: shown running (a call already known keeps what is known of it). */
export function toolCalled(entry: ChatEntry, m: ToolCallMessage): ChatEntry {
  const known = entry.tools?.find((t) => t.callId === m.callId);
  if (known) return entry;
  const view: ToolCallView = {
    callId: m.callId,
    name: m.name,
    arguments: m.arguments,
    status: 'running',
    startedAtMs: m.startedAtMs,
  };
  return { ...entry, tools: [...(entry.tools ?? []), view] };
}

/** A call ended: how, what it gave, when (a result whose call was missed is shown alone). */
export function toolEnded(entry: ChatEntry, m: ToolResultMessage): ChatEntry {
  const ended: ToolCallView = {
    callId: m.callId,
    name: m.name,
    arguments: entry.tools?.find((t) => t.callId === m.callId)?.arguments ?? '',
    status: m.status,
    summary: m.summary,
    startedAtMs: m.startedAtMs,
    endedAtMs: m.endedAtMs,
  };
  return { ...entry, tools: replaceCall(entry.tools ?? [], ended) };
}

/** The turn's record of its calls, when it has one: it is what happened. */
export function toolsRecorded(entry: ChatEntry, calls: readonly TurnToolCall[] | undefined) {
  if (!calls || calls.length === 0) return entry;
  return { ...entry, tools: calls.map((c) => ({ ...c })) };
}

/** The reply asks the user to confirm calls. */
export function confirmAsked(entry: ChatEntry, m: ToolConfirmMessage): ChatEntry {
  const confirm: ToolConfirmView = {
    confirmId: m.confirmId,
    calls: m.calls,
    question: m.question,
    answer: null,
  };
  return { ...entry, confirm };
}

/** The relay closed a question (`tool.closed`): the entry that asked it shows how. */
export function confirmClosed(entry: ChatEntry, m: ToolClosedMessage): ChatEntry {
  if (entry.confirm?.confirmId !== m.confirmId) return entry;
  return { ...entry, confirm: { ...entry.confirm, closed: m.outcome } };
}

/**
 * Whether `entry`'s question still waits for a tap: asked, not answered here, not closed by the
 * relay, and nothing said since (the relay takes the user's next words as the answer: after
 * them it waits no more).
 */
export function confirmAwaited(entries: readonly ChatEntry[], entry: ChatEntry): boolean {
  const { confirm } = entry;
  if (!confirm || confirm.answer !== null || confirm.closed !== undefined) return false;
  return !entries.some((e) => e.turnId > entry.turnId);
}

/** Whether a question of the conversation still waits for the user's yes (the last one asked). */
export function questionOpen(entries: readonly ChatEntry[]): boolean {
  const asked = entries.findLast((e) => e.confirm !== undefined);
  return asked !== undefined && confirmAwaited(entries, asked);
}

function replaceCall(calls: ToolCallView[], call: ToolCallView): ToolCallView[] {
  const index = calls.findIndex((c) => c.callId === call.callId);
  return index >= 0 ? calls.map((c, i) => (i === index ? call : c)) : [...calls, call];
}

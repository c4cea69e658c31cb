import type { IntlShape } from 'react-intl';
import type { ToolCallStatus } from '@parley/shared';
import { formatMs, formatSeconds } from '../../i18n/format.ts';
import type { MessageId } from '../../i18n/intl.ts';

/** Longest arguments line a transcript or history row shows (characters). */
export const SHORT_ARGUMENTS_CHARS = 80;

const STATUS_TEXT: Readonly<Record<ToolCallStatus | 'running', MessageId>> = {
  running: 'toolStatus.running',
  done: 'toolStatus.done',
  failed: 'toolStatus.failed',
  'invalid-arguments': 'toolStatus.invalidArguments',
  'unknown-tool': 'toolStatus.unknownTool',
  'timed-out': 'toolStatus.timedOut',
  cancelled: 'toolStatus.cancelled',
  declined: 'toolStatus.declined',
  skipped: 'toolStatus.skipped',
  asked: 'toolStatus.asked',
};

/** How a call is (or ended), in a few words. Pure. */
export function statusText(intl: IntlShape, status: ToolCallStatus | 'running'): string {
  return intl.formatMessage({ id: STATUS_TEXT[status] });
}

/**
 * The call's arguments in a line a person reads: `a: 1234, b: 5678` for a JSON object (strings
 * quoted), the text as written otherwise; cut to {@link SHORT_ARGUMENTS_CHARS}. Pure.
 */
export function shortArguments(args: string): string {
  let line = args.trim();
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      line = Object.entries(parsed)
        .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
        .join(', ');
  } catch {
    // Not JSON (the model wrote it wrong): shown as written.
  }
  return line.length <= SHORT_ARGUMENTS_CHARS ? line : `${line.slice(0, SHORT_ARGUMENTS_CHARS)}…`;
}

/** How long a call took, for a person: "180 ms", "2.4 s"; null while it runs. Pure. */
export function durationText(
  intl: IntlShape,
  startedAtMs: number,
  endedAtMs: number | undefined,
): string | null {
  if (endedAtMs === undefined) return null;
  const ms = Math.max(0, endedAtMs - startedAtMs);
  return ms < 1_000 ? formatMs(intl, ms) : formatSeconds(intl, ms, 1);
}

/** A call as the technical line says it (the latency panel, a row's tooltip). */
export interface TechnicalCall {
  name: string;
  arguments: string;
  status: ToolCallStatus | 'running';
  summary?: string | undefined;
  startedAtMs: number;
  endedAtMs?: number | undefined;
}

/**
 * The call as a developer reads it: `set_reminder (text: "stretch", delaySeconds: 60): done —
 * Reminder set for 2:17 PM: stretch · 6 ms`. Pure.
 */
export function technicalLine(intl: IntlShape, call: TechnicalCall): string {
  const args = shortArguments(call.arguments);
  const took = durationText(intl, call.startedAtMs, call.endedAtMs);
  return (
    `${call.name}${args === '' ? '' : ` (${args})`}: ${statusText(intl, call.status)}` +
    `${call.summary ? ` — ${call.summary}` : ''}${took === null ? '' : ` · ${took}`}`
  );
}

/**
 * Every argument of a call, whole, for the details a question awaiting a yes shows: each key
 * with its value (text as written, anything else as JSON); arguments that are no JSON object
 * are one entry of their own. Pure.
 */
export function everyArgument(args: string): [key: string, value: string][] {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return Object.entries(parsed).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value, null, 1),
      ]);
  } catch {
    // Not JSON: shown as written.
  }
  return args.trim() === '' ? [] : [['arguments', args]];
}

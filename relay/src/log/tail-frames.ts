import type { LogLineKeys, LogTailLines, LogTailSubscribed } from '@parley/shared';

/**
 * The tail's frames, built around the lines exactly as pino wrote them (each one JSON object,
 * redacted): they are spliced in, not parsed and written again.
 */

/** A `log.lines` frame of `lines` (pino JSON lines, oldest first). */
export function linesFrame(lines: readonly string[]): string {
  const head: Omit<LogTailLines, 'lines'> = { type: 'log.lines' };
  return withArray(head, 'lines', lines);
}

/** A `log.subscribed` frame whose backlog is `lines` (pino JSON lines, oldest first). */
export function subscribedFrame(
  head: Omit<LogTailSubscribed, 'backlog'>,
  lines: readonly string[],
): string {
  return withArray(head, 'backlog', lines);
}

/** `head` as JSON with one more field, an array of JSON texts. */
function withArray(head: object, key: string, items: readonly string[]): string {
  const json = JSON.stringify(head);
  return `${json.slice(0, -1)},${JSON.stringify(key)}:[${items.join(',')}]}`;
}

/**
 * The fields the tail filters on, from one line pino wrote; null for a line that is not a JSON
 * object with a numeric level (never forwarded: every frame stays valid JSON).
 */
export function lineKeys(line: string): LogLineKeys | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const level = 'level' in value ? value.level : undefined;
  const sessionId = 'sessionId' in value ? value.sessionId : undefined;
  const turnId = 'turnId' in value ? value.turnId : undefined;
  if (typeof level !== 'number') return null;
  return {
    level,
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
    ...(typeof turnId === 'number' ? { turnId } : {}),
  };
}

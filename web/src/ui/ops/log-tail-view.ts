import type { IntlShape } from 'react-intl';
import {
  CloseCode,
  LOG_LEVELS,
  levelNameOf,
  logLevelName,
  type LogLevelName,
  type LogRecord,
  type LogTailFilter,
  type LogTailSubscribed,
} from '@parley/shared';

/** Lines the live log keeps on screen (and, while paused, held back). */
export const MAX_SHOWN_LINES = 500;

/** One log line as the panel shows it. */
export interface ShownLine {
  /** Order of arrival: the list's key. */
  seq: number;
  /** Local wall-clock time, `HH:MM:SS.mmm`. */
  time: string;
  level: LogLevelName;
  name: string;
  msg: string;
  sessionId: string | null;
  turnId: number | null;
  /** The line's other fields, `key=value` apart from each other. */
  extra: string;
}

/** What the live log panel shows. */
export interface LogTailView {
  /** On screen, oldest first: at most {@link MAX_SHOWN_LINES}. */
  lines: readonly ShownLine[];
  /** Received while paused, shown on resume (the newest {@link MAX_SHOWN_LINES}). */
  held: readonly ShownLine[];
  /** Lines received while paused, all of them (more than `held` keeps, past the bound). */
  unseen: number;
  paused: boolean;
  nextSeq: number;
  /** The level the relay logs at, once it said (`LOG_LEVEL`). */
  relayLevel: LogTailSubscribed['relayLevel'] | null;
  /** The filter the relay applies, once it said. */
  filter: LogTailFilter | null;
}

export type LogTailAction =
  | { type: 'subscribed'; message: LogTailSubscribed }
  | { type: 'lines'; records: readonly LogRecord[] }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'clear' };

export function initialLogTailView(): LogTailView {
  return {
    lines: [],
    held: [],
    unseen: 0,
    paused: false,
    nextSeq: 0,
    relayLevel: null,
    filter: null,
  };
}

/** The panel's state after `action` (pure). */
export function logTailReducer(view: LogTailView, action: LogTailAction): LogTailView {
  switch (action.type) {
    case 'subscribed': {
      // A new filter: its backlog replaces what was shown (and held) under the old one.
      const lines = shown(action.message.backlog, view.nextSeq);
      return {
        ...view,
        lines: lines.slice(-MAX_SHOWN_LINES),
        held: [],
        unseen: 0,
        nextSeq: view.nextSeq + lines.length,
        relayLevel: action.message.relayLevel,
        filter: action.message.filter,
      };
    }
    case 'lines': {
      if (action.records.length === 0) return view;
      const lines = shown(action.records, view.nextSeq);
      const nextSeq = view.nextSeq + lines.length;
      if (view.paused)
        return {
          ...view,
          held: [...view.held, ...lines].slice(-MAX_SHOWN_LINES),
          unseen: view.unseen + lines.length,
          nextSeq,
        };
      return { ...view, lines: [...view.lines, ...lines].slice(-MAX_SHOWN_LINES), nextSeq };
    }
    case 'pause':
      return view.paused ? view : { ...view, paused: true };
    case 'resume':
      return {
        ...view,
        paused: false,
        lines: [...view.lines, ...view.held].slice(-MAX_SHOWN_LINES),
        held: [],
        unseen: 0,
      };
    case 'clear':
      return { ...view, lines: [], held: [], unseen: 0 };
  }
}

function shown(records: readonly LogRecord[], firstSeq: number): ShownLine[] {
  return records.map((r, i) => formatLogRecord(r, firstSeq + i));
}

/** Fields every line has or the panel shows in their own columns. */
const OWN_FIELDS: ReadonlySet<string> = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'sessionId',
  'turnId',
]);
/** Longest value shown among a line's other fields (characters). */
const MAX_VALUE_CHARS = 200;

/** A log line as the panel shows it, `seq`-th to arrive. */
export function formatLogRecord(record: LogRecord, seq: number): ShownLine {
  const extra = Object.entries(record)
    .filter(([key, value]) => !OWN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}=${text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text}`;
    })
    .join(' ');
  return {
    seq,
    time: clockTime(record.time),
    level: levelNameOf(record.level),
    name: record.name ?? '',
    msg: record.msg ?? '',
    sessionId: record.sessionId ?? null,
    turnId: record.turnId ?? null,
    extra,
  };
}

/** `HH:MM:SS.mmm`, local time. */
function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** The filter form as typed. */
export interface FilterDraft {
  level: string;
  sessionId: string;
  turnId: string;
}

/** The filter a draft names, or what is wrong with it (a sentence for the user). */
export function filterFromDraft(
  intl: IntlShape,
  draft: FilterDraft,
): { ok: true; filter: LogTailFilter } | { ok: false; error: string } {
  const level = logLevelName.safeParse(draft.level);
  if (!level.success) return { ok: false, error: intl.formatMessage({ id: 'log.chooseLevel' }) };
  const sessionId = draft.sessionId.trim();
  if (sessionId.length > 100)
    return { ok: false, error: intl.formatMessage({ id: 'log.sessionTooLong' }) };
  const turn = draft.turnId.trim();
  if (turn !== '' && !/^\d{1,9}$/.test(turn))
    return { ok: false, error: intl.formatMessage({ id: 'log.turnNumber' }) };
  return {
    ok: true,
    filter: {
      level: level.data,
      sessionId: sessionId === '' ? null : sessionId,
      turnId: turn === '' ? null : Number(turn),
    },
  };
}

/**
 * A note when the filter asks for lines the relay never writes (its `LOG_LEVEL` is above the
 * filter's level); null otherwise.
 */
export function relayLevelNote(
  intl: IntlShape,
  relayLevel: LogTailView['relayLevel'],
  filter: LogTailFilter | null,
): string | null {
  if (relayLevel === null || filter === null) return null;
  if (relayLevel === 'silent') return intl.formatMessage({ id: 'log.silent' });
  if (LOG_LEVELS[filter.level] >= LOG_LEVELS[relayLevel]) return null;
  return intl.formatMessage({ id: 'log.levelNote' }, { relay: relayLevel, level: filter.level });
}

/** Why the live log stopped, for the user. */
export function closeText(intl: IntlShape, code: number, reason: string): string {
  switch (code) {
    case CloseCode.TooSlow:
      return intl.formatMessage({ id: 'log.tooSlow' });
    case CloseCode.ServiceRestart:
      return intl.formatMessage({ id: 'log.restarting' });
    case CloseCode.LimitExceeded:
      return intl.formatMessage({ id: 'log.tooMany' });
    case CloseCode.Normal:
      return intl.formatMessage({ id: 'log.disconnected' });
    default:
      return reason
        ? intl.formatMessage({ id: 'log.lostReason' }, { code, reason })
        : intl.formatMessage({ id: 'log.lost' }, { code });
  }
}

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOG_TAIL_FILTER,
  filterFromQuery,
  levelNameOf,
  logLineMatches,
  logTailQuery,
  logTailServerMessage,
} from './log-tail.ts';

describe('the log tail filter', () => {
  const line = { level: 30, sessionId: 's1', turnId: 2 };

  it('lets through lines at the minimum level or above', () => {
    const at = (level: 'debug' | 'info' | 'warn') => ({ ...DEFAULT_LOG_TAIL_FILTER, level });
    expect(logLineMatches(at('debug'), line)).toBe(true);
    expect(logLineMatches(at('info'), line)).toBe(true);
    expect(logLineMatches(at('warn'), line)).toBe(false);
  });

  it('keeps one session’s lines, and one turn’s', () => {
    const f = DEFAULT_LOG_TAIL_FILTER;
    expect(logLineMatches({ ...f, sessionId: 's1' }, line)).toBe(true);
    expect(logLineMatches({ ...f, sessionId: 's2' }, line)).toBe(false);
    expect(logLineMatches({ ...f, sessionId: 's1', turnId: 2 }, line)).toBe(true);
    expect(logLineMatches({ ...f, sessionId: 's1', turnId: 3 }, line)).toBe(false);
    // A line bound to no session is not one of that session's.
    expect(logLineMatches({ ...f, sessionId: 's1' }, { level: 50 })).toBe(false);
    expect(logLineMatches({ ...f, turnId: 2 }, { level: 50, sessionId: 's9', turnId: 2 })).toBe(
      true,
    );
  });

  it('names levels, including ones between pino’s', () => {
    expect(levelNameOf(10)).toBe('trace');
    expect(levelNameOf(35)).toBe('info');
    expect(levelNameOf(60)).toBe('fatal');
    expect(levelNameOf(99)).toBe('fatal');
  });

  it('reads the starting filter from the query, refusing what is not one', () => {
    expect(filterFromQuery(logTailQuery.parse({}))).toEqual(DEFAULT_LOG_TAIL_FILTER);
    expect(
      filterFromQuery(logTailQuery.parse({ level: 'debug', sessionId: 'abc', turnId: '4' })),
    ).toEqual({ level: 'debug', sessionId: 'abc', turnId: 4 });
    expect(logTailQuery.safeParse({ turnId: '' }).success).toBe(false);
    expect(logTailQuery.safeParse({ turnId: '-1' }).success).toBe(false);
    expect(logTailQuery.safeParse({ level: 'loud' }).success).toBe(false);
  });

  it('takes pino lines with any other fields they carry', () => {
    const parsed = logTailServerMessage.parse({
      type: 'log.lines',
      lines: [{ level: 30, time: 1, pid: 7, name: 'relay:session', msg: 'x', extra: { a: 1 } }],
    });
    expect(parsed.type === 'log.lines' && parsed.lines[0]?.extra).toEqual({ a: 1 });
  });
});

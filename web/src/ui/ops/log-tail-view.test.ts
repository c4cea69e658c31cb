import { describe, expect, it } from 'vitest';
import { CloseCode, DEFAULT_LOG_TAIL_FILTER, type LogRecord } from '@parley/shared';
import {
  closeText,
  filterFromDraft,
  formatLogRecord,
  initialLogTailView,
  logTailReducer,
  MAX_SHOWN_LINES,
  relayLevelNote,
  type LogTailAction,
  type LogTailView,
} from './log-tail-view.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

const record = (msg: string, fields: Partial<LogRecord> = {}): LogRecord => ({
  level: 30,
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 67),
  name: 'relay:session',
  msg,
  ...fields,
});
const lines = (n: number, from = 0) =>
  ({
    type: 'lines',
    records: Array.from({ length: n }, (_, i) => record(`line ${from + i}`)),
  }) as const;
const run = (...actions: LogTailAction[]): LogTailView =>
  actions.reduce(logTailReducer, initialLogTailView());
const msgs = (v: LogTailView) => v.lines.map((l) => l.msg);

describe('the live log panel', () => {
  it('shows the backlog of a new filter in place of what it showed', () => {
    const subscribed = (backlog: LogRecord[], sessionId: string | null): LogTailAction => ({
      type: 'subscribed',
      message: {
        type: 'log.subscribed',
        filter: { ...DEFAULT_LOG_TAIL_FILTER, sessionId },
        relayLevel: 'info',
        backlog,
      },
    });
    const v = run(subscribed([record('old')], null), lines(2), subscribed([record('b1')], 'b'));
    expect(msgs(v)).toEqual(['b1']);
    expect(v.filter?.sessionId).toBe('b');
    expect(v.relayLevel).toBe('info');
  });

  it('keeps the last 500 lines on screen', () => {
    const v = run(lines(300), lines(300, 300));
    expect(v.lines).toHaveLength(MAX_SHOWN_LINES);
    expect(v.lines[0]?.msg).toBe('line 100');
    expect(v.lines.at(-1)?.msg).toBe('line 599');
    // Keys stay unique across batches.
    expect(new Set(v.lines.map((l) => l.seq)).size).toBe(MAX_SHOWN_LINES);
  });

  it('while paused, keeps the list still and counts the new lines; shows them on resume', () => {
    const paused = run(lines(2), { type: 'pause' }, lines(3, 2));
    expect(msgs(paused)).toEqual(['line 0', 'line 1']);
    expect(paused.unseen).toBe(3);
    const resumed = logTailReducer(paused, { type: 'resume' });
    expect(msgs(resumed)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(resumed.unseen).toBe(0);
  });

  it('counts every line while paused, though it holds only the newest 500', () => {
    const v = run({ type: 'pause' }, lines(400), lines(400, 400));
    expect(v.unseen).toBe(800);
    expect(v.held).toHaveLength(MAX_SHOWN_LINES);
    expect(msgs(logTailReducer(v, { type: 'resume' })).at(0)).toBe('line 300');
  });

  it('clears what is shown and held', () => {
    const v = run(lines(2), { type: 'pause' }, lines(2, 2), { type: 'clear' });
    expect(v.lines).toEqual([]);
    expect(v.unseen).toBe(0);
    expect(msgs(logTailReducer(v, { type: 'resume' }))).toEqual([]);
    expect(v.paused).toBe(true);
  });
});

describe('a log line as shown', () => {
  it('has its time, level, logger, message and ids, and its other fields after', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 67);
    const d = new Date(at);
    const two = (n: number) => String(n).padStart(2, '0');
    const line = formatLogRecord(
      record('turn done', {
        level: 40,
        time: at,
        pid: 12,
        sessionId: 's-1',
        turnId: 3,
        status: 'completed',
        timings: { asrFinalMs: 120 },
      }),
      7,
    );
    expect(line).toEqual({
      seq: 7,
      time: `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.067`,
      level: 'warn',
      name: 'relay:session',
      msg: 'turn done',
      sessionId: 's-1',
      turnId: 3,
      extra: 'status=completed timings={"asrFinalMs":120}',
    });
  });

  it('cuts a long field short', () => {
    const line = formatLogRecord(record('x', { err: 'e'.repeat(500) }), 0);
    expect(line.extra).toHaveLength('err='.length + 200 + 1);
    expect(line.extra.endsWith('…')).toBe(true);
  });
});

describe('the filter form', () => {
  it('names a filter, blanks meaning any', () => {
    expect(filterFromDraft(en, { level: 'debug', sessionId: ' abc ', turnId: '' })).toEqual({
      ok: true,
      filter: { level: 'debug', sessionId: 'abc', turnId: null },
    });
    expect(filterFromDraft(en, { level: 'warn', sessionId: '', turnId: '4' })).toEqual({
      ok: true,
      filter: { level: 'warn', sessionId: null, turnId: 4 },
    });
  });

  it('says what is wrong with a turn id that is not a number', () => {
    const bad = filterFromDraft(en, { level: 'info', sessionId: '', turnId: 'two' });
    expect(!bad.ok && bad.error).toMatch(/whole number/);
    expect(filterFromDraft(en, { level: 'loud', sessionId: '', turnId: '' }).ok).toBe(false);
  });

  it('notes when the filter asks for lines the relay never writes', () => {
    const f = (level: 'debug' | 'info') => ({ ...DEFAULT_LOG_TAIL_FILTER, level });
    expect(relayLevelNote(en, 'info', f('debug'))).toMatch(/logs at info/);
    expect(relayLevelNote(en, 'info', f('info'))).toBeNull();
    expect(relayLevelNote(en, 'silent', f('info'))).toMatch(/nothing/);
    expect(relayLevelNote(en, null, f('debug'))).toBeNull();
  });

  it('explains why the log stopped', () => {
    expect(closeText(en, CloseCode.TooSlow, 'too slow')).toMatch(/fell behind/);
    expect(closeText(en, 1006, '')).toBe('The connection was lost (1006).');
  });
});

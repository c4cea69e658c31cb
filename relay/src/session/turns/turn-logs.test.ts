import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TurnLogs } from './turn-logs.ts';

/** A logger writing its lines as objects into `lines`. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  return { lines, log };
}

describe('TurnLogs', () => {
  it("keeps the client's trace id, and makes one for a turn that came without", () => {
    const { lines, log } = capture();
    let n = 0;
    const logs = new TurnLogs(log, () => `made${++n}`);
    expect(logs.open(1, 'fromclient')).toBe('fromclient');
    expect(logs.open(2, undefined)).toBe('made1');
    logs.of(1).info('a');
    logs.of(2).info('b');
    expect(lines.map((l) => [l.turnId, l.traceId, l.msg])).toEqual([
      [1, 'fromclient', 'a'],
      [2, 'made1', 'b'],
    ]);
    expect(logs.traceOf(2)).toBe('made1');
  });

  it('a turn not opened here is logged with its turn id; old turns are let go', () => {
    const { lines, log } = capture();
    const logs = new TurnLogs(log, () => 't');
    for (let turn = 0; turn < 20; turn++) logs.open(turn, undefined);
    expect(logs.traceOf(0)).toBeUndefined();
    expect(logs.traceOf(19)).toBe('t');
    logs.of(0).info('late');
    expect(lines).toEqual([expect.objectContaining({ turnId: 0, msg: 'late' })]);
    expect(lines[0]).not.toHaveProperty('traceId');
  });
});

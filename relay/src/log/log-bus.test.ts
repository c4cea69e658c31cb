import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CloseCode,
  DEFAULT_LOG_TAIL_FILTER,
  logTailServerMessage,
  type LogTailFilter,
  type LogTailServerMessage,
} from '@parley/shared';
import { LogBus, type LogSink, type TooSlowInfo } from './log-bus.ts';

/** A socket as the bus sees it: frames parsed, a settable send buffer, its close. */
class FakeSink implements LogSink {
  frames: LogTailServerMessage[] = [];
  buffered = 0;
  closed: { code: number; reason: string } | null = null;
  send(data: string): void {
    this.frames.push(logTailServerMessage.parse(JSON.parse(data)));
  }
  bufferedBytes(): number {
    return this.buffered;
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  /** The `msg` of each live line received, in order. */
  live(): (string | undefined)[] {
    return this.frames.flatMap((f) => (f.type === 'log.lines' ? f.lines.map((l) => l.msg) : []));
  }
  /** How many `log.lines` frames came. */
  batches(): number {
    return this.frames.filter((f) => f.type === 'log.lines').length;
  }
}

/** A pino line as the logger writes it. */
const line = (msg: string, fields: object = {}, level = 30) =>
  `${JSON.stringify({ level, time: 1_700_000_000_000, pid: 1, name: 'relay:test', ...fields, msg })}\n`;

const filter = (f: Partial<LogTailFilter>): LogTailFilter => ({ ...DEFAULT_LOG_TAIL_FILTER, ...f });

describe('the log bus', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('greets a reader with its filter, the relay’s level and the recent lines it matches', () => {
    const bus = new LogBus();
    bus.write(line('old debug', {}, 20));
    bus.write(line('old info', { sessionId: 'a' }));
    bus.write(line('other session', { sessionId: 'b' }));
    const sink = new FakeSink();
    bus.subscribe(sink, filter({ sessionId: 'a' }), 'debug');
    expect(sink.frames).toEqual([
      {
        type: 'log.subscribed',
        filter: filter({ sessionId: 'a' }),
        relayLevel: 'debug',
        backlog: [expect.objectContaining({ msg: 'old info', sessionId: 'a' })],
      },
    ]);
  });

  it('batches new lines on the next turn of the loop, never inside the logger’s write', async () => {
    const bus = new LogBus();
    const sink = new FakeSink();
    bus.subscribe(sink, filter({}), 'info');
    bus.write(line('one'));
    bus.write(line('two'));
    expect(sink.batches()).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.batches()).toBe(1);
    expect(sink.live()).toEqual(['one', 'two']);
  });

  it('sends each reader only what its filter matches: level, session, turn', async () => {
    const bus = new LogBus();
    const warn = new FakeSink();
    const session = new FakeSink();
    const turn = new FakeSink();
    bus.subscribe(warn, filter({ level: 'warn' }), 'debug');
    bus.subscribe(session, filter({ level: 'debug', sessionId: 's1' }), 'debug');
    bus.subscribe(turn, filter({ level: 'debug', sessionId: 's1', turnId: 2 }), 'debug');
    bus.write(line('debug s1 t2', { sessionId: 's1', turnId: 2 }, 20));
    bus.write(line('warn s2', { sessionId: 's2' }, 40));
    bus.write(line('info s1 t3', { sessionId: 's1', turnId: 3 }));
    bus.write(line('error, no session', {}, 50));
    await vi.advanceTimersByTimeAsync(0);
    expect(warn.live()).toEqual(['warn s2', 'error, no session']);
    expect(session.live()).toEqual(['debug s1 t2', 'info s1 t3']);
    expect(turn.live()).toEqual(['debug s1 t2']);
  });

  it('changes a reader’s filter: the new backlog replaces what was queued for the old one', async () => {
    const bus = new LogBus();
    const sink = new FakeSink();
    const reader = bus.subscribe(sink, filter({}), 'info');
    bus.write(line('a1', { sessionId: 'a' }));
    bus.write(line('b1', { sessionId: 'b' }));
    reader?.setFilter(filter({ sessionId: 'b' }));
    bus.write(line('a2', { sessionId: 'a' }));
    bus.write(line('b2', { sessionId: 'b' }));
    await vi.advanceTimersByTimeAsync(0);
    const last = sink.frames.find((f, i) => i > 0 && f.type === 'log.subscribed');
    expect(last?.type === 'log.subscribed' && last.backlog.map((l) => l.msg)).toEqual(['b1']);
    // a1 and b1 were queued for the old filter and are not sent again; b2 is new.
    expect(sink.live()).toEqual(['b2']);
  });

  it('holds lines while a reader’s socket is above its high water, and sends them once it drains', async () => {
    const bus = new LogBus({ sendHighWaterBytes: 1000, congestedRetryMs: 50 });
    const sink = new FakeSink();
    bus.subscribe(sink, filter({}), 'info');
    sink.buffered = 1001;
    bus.write(line('held 1'));
    bus.write(line('held 2'));
    await vi.advanceTimersByTimeAsync(200);
    expect(sink.batches()).toBe(0);
    sink.buffered = 0;
    await vi.advanceTimersByTimeAsync(50);
    expect(sink.live()).toEqual(['held 1', 'held 2']);
    expect(sink.batches()).toBe(1);
    expect(sink.closed).toBeNull();
  });

  it('drops a reader whose queue passes its bound (“too slow”), and goes on serving the others', async () => {
    const bus = new LogBus({ maxQueuedBytes: 2000, sendHighWaterBytes: 100 });
    const slow = new FakeSink();
    const fine = new FakeSink();
    const dropped: TooSlowInfo[] = [];
    bus.subscribe(slow, filter({}), 'info', (info) => dropped.push(info));
    bus.subscribe(fine, filter({}), 'info');
    slow.buffered = 50_000;
    const lines = Array.from({ length: 40 }, (_, i) => line(`line ${i}`));
    // Bursts of 10 lines (about 1000 bytes): the one that does not read passes 2000 in the third.
    for (let i = 0; i < 40; i += 10) {
      // The logger's writes return at once whatever the reader does.
      for (const l of lines.slice(i, i + 10)) bus.write(l);
      if (i === 20) {
        expect(bus.readerCount).toBe(1);
        expect(slow.closed).toBeNull();
      }
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(slow.closed).toEqual({ code: CloseCode.TooSlow, reason: 'too slow' });
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.bufferedBytes).toBe(50_000);
    expect(dropped[0]?.queuedBytes).toBeLessThanOrEqual(2000);
    expect(dropped[0]?.queuedBytes).toBeGreaterThan(2000 - lines[0]!.length);
    expect(fine.live()).toHaveLength(40);
    // Nothing more reaches the dropped reader, even once its socket drains.
    slow.buffered = 0;
    bus.write(line('after'));
    await vi.advanceTimersByTimeAsync(100);
    expect(slow.batches()).toBe(0);
    expect(fine.live().at(-1)).toBe('after');
  });

  it('drops a reader that changes its filter without reading what it was sent', async () => {
    const bus = new LogBus({ sendHighWaterBytes: 100 });
    const sink = new FakeSink();
    const reader = bus.subscribe(sink, filter({}), 'info');
    sink.buffered = 101;
    reader?.setFilter(filter({ level: 'warn' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.closed?.code).toBe(CloseCode.TooSlow);
    expect(sink.frames).toHaveLength(1);
  });

  it('refuses readers beyond its limit, and takes one again when a reader leaves', () => {
    const bus = new LogBus({ maxReaders: 1 });
    const first = bus.subscribe(new FakeSink(), filter({}), 'info');
    expect(bus.full).toBe(true);
    expect(bus.subscribe(new FakeSink(), filter({}), 'info')).toBeNull();
    first?.unsubscribe();
    first?.unsubscribe();
    expect(bus.subscribe(new FakeSink(), filter({}), 'info')).not.toBeNull();
  });

  it('stops sending to a reader that left, and to a socket that throws', async () => {
    const bus = new LogBus();
    const left = new FakeSink();
    bus.subscribe(left, filter({}), 'info')?.unsubscribe();
    const throwing = new FakeSink();
    bus.subscribe(throwing, filter({}), 'info');
    throwing.send = () => {
      throw new Error('socket gone');
    };
    bus.write(line('x'));
    await vi.advanceTimersByTimeAsync(0);
    expect(left.batches()).toBe(0);
    expect(bus.readerCount).toBe(0);
  });

  it('never forwards what is not one JSON line', async () => {
    const bus = new LogBus();
    const sink = new FakeSink();
    bus.subscribe(sink, filter({}), 'info');
    bus.write('not json\n');
    bus.write('\n');
    bus.write(line('ok'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.live()).toEqual(['ok']);
  });
});

import { describe, expect, it } from 'vitest';
import { logTailServerMessage } from '@parley/shared';
import { lineKeys, linesFrame, subscribedFrame } from './tail-frames.ts';

const line = (fields: object) => JSON.stringify({ level: 30, time: 1, msg: 'm', ...fields });

describe('the log tail’s frames', () => {
  it('carry pino’s lines as they were written', () => {
    const lines = [line({ sessionId: 's', token: '[redacted]' }), line({ turnId: 2 })];
    const frame = logTailServerMessage.parse(JSON.parse(linesFrame(lines)));
    expect(frame).toEqual({ type: 'log.lines', lines: lines.map((l) => JSON.parse(l) as unknown) });
    expect(JSON.parse(linesFrame([]))).toEqual({ type: 'log.lines', lines: [] });
  });

  it('say the filter and the relay’s level with the backlog', () => {
    const filter = { level: 'debug', sessionId: 'a"b', turnId: null } as const;
    const frame = subscribedFrame({ type: 'log.subscribed', filter, relayLevel: 'info' }, [
      line({}),
    ]);
    expect(logTailServerMessage.parse(JSON.parse(frame))).toMatchObject({
      type: 'log.subscribed',
      filter,
      relayLevel: 'info',
      backlog: [{ msg: 'm' }],
    });
  });

  it('read the keys a filter needs, and nothing from a line that is not a JSON object', () => {
    expect(lineKeys(line({ sessionId: 's', turnId: 3 }))).toEqual({
      level: 30,
      sessionId: 's',
      turnId: 3,
    });
    expect(lineKeys(line({ sessionId: 7 }))).toEqual({ level: 30 });
    expect(lineKeys('not json')).toBeNull();
    expect(lineKeys('[1]')).toBeNull();
    expect(lineKeys('{"msg":"no level"}')).toBeNull();
  });
});

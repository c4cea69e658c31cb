import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { helloFor, RawClient } from './clients.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import { say } from './lossless-helpers.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

/** One of the relay's log lines (pino JSON). */
interface Line {
  msg: string;
  reason?: string;
  turnId?: number;
  traceId?: string;
}

/** The relay's log lines about one session. */
function linesOf(relay: RelayProcess, sessionId: string): Line[] {
  return relay.output
    .split('\n')
    .filter((l) => l.includes(`"sessionId":"${sessionId}"`))
    .map((l) => JSON.parse(l) as Line);
}

describe('what the log says when a session’s connection closes', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      LOG_LEVEL: 'info',
      MAX_PROTOCOL_ERRORS: '3',
    });
    await relay.start();
  }, 60_000);
  afterAll(async () => {
    await relay.stop();
  });

  async function open(): Promise<{ client: RawClient; sessionId: string }> {
    const client = await RawClient.open(relay.wsUrl);
    client.send(await helloFor(relay));
    return { client, sessionId: (await client.next('ready')).sessionId };
  }

  it('closed for protocol errors: the session ends, and nothing says it waits for a resume', async () => {
    const { client, sessionId } = await open();
    for (let i = 0; i < 3; i++) client.send('{"type":"nonsense"}');
    expect((await client.closed).code).toBe(CloseCode.TooManyErrors);
    await expect
      .poll(() => linesOf(relay, sessionId).find((l) => l.msg === 'session closed')?.reason)
      .toBe(`closed (${CloseCode.TooManyErrors})`);
    expect(linesOf(relay, sessionId).map((l) => l.msg)).not.toContain(
      'session detached; waiting for a resume',
    );
  });

  it('dropped by the network: the session says it waits for a resume', async () => {
    const { client, sessionId } = await open();
    client.ws.terminate();
    await expect
      .poll(() => linesOf(relay, sessionId).map((l) => l.msg))
      .toContain('session detached; waiting for a resume');
    expect(linesOf(relay, sessionId).map((l) => l.msg)).not.toContain('session closed');
  });
});

describe('every line of a turn carries its trace id (issue 51: the terminal client sends none)', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = new RelayProcess(await freePort(), { ...TEST_RELAY_ENV, LOG_LEVEL: 'debug' });
    await relay.start();
  }, 60_000);
  afterAll(async () => {
    await closeSynthesizers();
    await relay.stop();
  });

  it('the relay makes one for a spoken and a typed turn, logs it on each line and returns it', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const [spoken] = await new UtteranceStreamer(client).stream(await say('what time is it'), {
      speed: 4,
    });
    expect(spoken?.status).toBe('completed');
    const typedTurn = (spoken?.turnId ?? 0) + 1;
    client.send({ type: 'user.text', turnId: typedTurn, text: 'what is two plus two' });
    await client.waitForTurn(typedTurn);
    const { sessionId } = client.ready;
    client.close();

    const done = client.received.flatMap((m) => (m.type === 'turn.done' ? [m] : []));
    expect(done.map((m) => m.turnId)).toEqual([spoken?.turnId, typedTurn]);
    for (const { turnId, traceId } of done) {
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      // Lines are written as the turn goes: the last ('turn stored') may follow turn.done.
      await expect
        .poll(() =>
          linesOf(relay, sessionId).some((l) => l.turnId === turnId && l.msg === 'turn done'),
        )
        .toBe(true);
      const lines = linesOf(relay, sessionId).filter((l) => l.turnId === turnId);
      // A spoken turn logs its start, its answer and its end; a typed one at least its end.
      expect(lines.length).toBeGreaterThanOrEqual(turnId === typedTurn ? 1 : 3);
      expect(lines.filter((l) => l.traceId !== traceId).map((l) => l.msg)).toEqual([]);
    }
    expect(done[0]?.traceId).not.toBe(done[1]?.traceId);
  });
});

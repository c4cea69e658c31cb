import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { helloFor, RawClient } from './clients.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

/** The relay's log lines (pino JSON) about one session. */
function linesOf(relay: RelayProcess, sessionId: string): { msg: string; reason?: string }[] {
  return relay.output
    .split('\n')
    .filter((l) => l.includes(`"sessionId":"${sessionId}"`))
    .map((l) => JSON.parse(l) as { msg: string; reason?: string });
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

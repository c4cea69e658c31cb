import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiError,
  CloseCode,
  DEFAULT_LOG_TAIL_FILTER,
  LOG_TAIL_PROTOCOL,
  LOG_TAIL_TICKET_PROTOCOL_PREFIX,
  logTailTicket,
  type LogTailFilter,
} from '@parley/shared';
import { helloFor, RawClient, refusal, ticket } from './clients.ts';
import { TailClient } from './log-tail-client.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

const ADMIN = 'log-tail-admin-token-0123456789abcdef';
const bearer = { Authorization: `Bearer ${ADMIN}` };
const filter = (f: Partial<LogTailFilter>): LogTailFilter => ({ ...DEFAULT_LOG_TAIL_FILTER, ...f });

describe('the live log tail (/ws/logs)', () => {
  let relay: RelayProcess;
  let logsUrl: string;
  beforeAll(async () => {
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'debug',
      // The slow-reader test floods the log with rejected messages from one client.
      MAX_PROTOCOL_ERRORS: '100000',
      MESSAGES_PER_SECOND: '100000',
      MESSAGE_BURST: '1000000',
      // The paused reader answers no ping: it must be dropped for its backlog, not its silence.
      SERVER_HEARTBEAT_S: '600',
      // Every session here is the dev user's.
      MAX_SESSIONS_PER_USER: '10',
    });
    await relay.start();
    logsUrl = `${relay.url.replace('http', 'ws')}/ws/logs`;
  }, 60_000);
  afterAll(async () => {
    await relay.stop();
  });

  async function logTicket(headers: Record<string, string> = {}): Promise<string> {
    const res = await fetch(`${relay.url}/api/admin/log-tail/ticket`, {
      method: 'POST',
      headers: { ...bearer, ...headers },
    });
    expect(res.status).toBe(200);
    return logTailTicket.parse(await res.json()).ticket;
  }

  const withTicket = (t: string) => [LOG_TAIL_PROTOCOL, `${LOG_TAIL_TICKET_PROTOCOL_PREFIX}${t}`];

  async function openSession(): Promise<{ client: RawClient; sessionId: string }> {
    const client = await RawClient.open(relay.wsUrl);
    client.send(await helloFor(relay));
    return { client, sessionId: (await client.next('ready')).sessionId };
  }

  it('refuses anyone but the admin before the upgrade, with the typed error', async () => {
    for (const attempt of [
      {},
      { headers: { Authorization: 'Bearer not-the-admin-token-000000000000' } },
      { protocols: withTicket('A'.repeat(43)) },
      // A user's connection ticket is not a log ticket.
      { protocols: withTicket(await ticket(relay)) },
    ]) {
      const refused = await refusal(logsUrl, attempt.headers, attempt.protocols);
      expect(refused.status).toBe(401);
      expect(apiError.parse(JSON.parse(refused.body)).error).toBe('unauthorized');
    }
    const noBearer = await fetch(`${relay.url}/api/admin/log-tail/ticket`, { method: 'POST' });
    expect(noBearer.status).toBe(401);
    const badFilter = await refusal(`${logsUrl}?level=loud`, bearer);
    expect(badFilter.status).toBe(400);
  });

  it('lets the admin in with the bearer, or with a single-use ticket offered as a subprotocol', async () => {
    const byBearer = await TailClient.open(logsUrl, { headers: bearer });
    await expect.poll(() => byBearer.subscriptions()).toBe(1);
    // A message it cannot use is answered, and the reader stays.
    byBearer.ws.send('{"type":"log.level"}');
    await expect.poll(() => byBearer.frames.at(-1)?.type).toBe('log.error');
    byBearer.ws.close();

    const t = await logTicket();
    const byTicket = await TailClient.open(logsUrl, { protocols: withTicket(t) });
    // The relay chose the tail's protocol: the ticket never comes back in a header.
    expect(byTicket.ws.protocol).toBe(LOG_TAIL_PROTOCOL);
    await expect
      .poll(() => byTicket.frames[0])
      .toMatchObject({
        type: 'log.subscribed',
        filter: DEFAULT_LOG_TAIL_FILTER,
        relayLevel: 'debug',
      });
    byTicket.ws.close();
    expect((await refusal(logsUrl, {}, withTicket(t))).status).toBe(401);

    // A ticket asked for by a page works from that page only.
    const bound = await logTicket({ Origin: relay.url });
    expect((await refusal(logsUrl, {}, withTicket(bound))).status).toBe(401);
  });

  it('streams one session’s lines, then one turn’s, as the relay writes them', async () => {
    const a = await openSession();
    const b = await openSession();
    const tail = await TailClient.open(logsUrl, { headers: bearer });
    // Set once the sessions exist: the backlog has what was written before.
    tail.filter(filter({ level: 'debug', sessionId: a.sessionId }));
    await expect.poll(() => tail.lines().map((l) => l.msg)).toContain('session opened');
    a.client.send({ type: 'user.text', turnId: 1, text: 'hello there' });
    b.client.send({ type: 'user.text', turnId: 1, text: 'hello there' });
    await expect
      .poll(() => tail.lines().find((l) => l.msg === 'turn done'))
      .toMatchObject({ sessionId: a.sessionId, turnId: 1, name: 'relay:session' });
    expect(tail.lines().every((l) => l.sessionId === a.sessionId)).toBe(true);

    tail.filter(filter({ level: 'debug', sessionId: a.sessionId, turnId: 1 }));
    await expect.poll(() => tail.subscriptions()).toBe(3);
    expect(tail.lines().length).toBeGreaterThan(0);
    expect(tail.lines().every((l) => l.turnId === 1 && l.sessionId === a.sessionId)).toBe(true);
    expect(tail.lines().map((l) => l.msg)).not.toContain('session opened');
    for (const ws of [a.client.ws, b.client.ws, tail.ws]) ws.close(1000);
  });

  it('leaves out lines below the reader’s level', async () => {
    const { client, sessionId } = await openSession();
    const info = await TailClient.open(`${logsUrl}?level=info&sessionId=${sessionId}`, {
      headers: bearer,
    });
    const debug = await TailClient.open(`${logsUrl}?level=debug&sessionId=${sessionId}`, {
      headers: bearer,
    });
    await expect.poll(() => info.subscriptions() + debug.subscriptions()).toBe(2);
    client.send('{"type":"nonsense"}'); // rejected: a debug line
    await client.next('error');
    client.ws.close(1000);
    // Lines come in the order written: once the info reader has the close, it had its chance
    // at the rejection.
    await expect.poll(() => info.allLines().map((l) => l.msg)).toContain('session closed');
    await expect.poll(() => debug.allLines().map((l) => l.msg)).toContain('session closed');
    expect(debug.allLines().map((l) => l.msg)).toContain('rejected client input');
    expect(info.allLines().map((l) => l.msg)).not.toContain('rejected client input');
    expect(info.allLines().every((l) => l.level >= 30)).toBe(true);
    info.ws.close();
    debug.ws.close();
  });

  it('drops a reader that stops reading (“too slow”) and goes on serving the others', async () => {
    const watcher = await TailClient.open(`${logsUrl}?level=warn`, { headers: bearer });
    const slow = await TailClient.open(`${logsUrl}?level=debug`, { headers: bearer });
    await expect.poll(() => watcher.subscriptions() + slow.subscriptions()).toBe(2);
    const resume = slow.stopReading();
    const dropped = () =>
      watcher.allLines().some((l) => l.msg === 'log tail reader too slow; dropped');

    // A client floods the log with rejected messages (a debug line each) until the relay drops
    // the reader that does not read: the kernel's buffers take a few MB before the relay's fill.
    const flooder = await openSession();
    let sent = 0;
    for (let round = 0; !dropped(); round++) {
      if (round === 60) throw new Error(`not dropped after ${sent} lines`);
      for (let i = 0; i < 1000; i++) flooder.client.send('{"type":"nonsense"}');
      sent += 1000;
      // The relay answered each one: it keeps up, and wrote its lines.
      await expect.poll(() => flooder.client.messages.length).toBeGreaterThan(sent);
    }
    expect(watcher.allLines().find((l) => l.msg?.includes('too slow'))).toMatchObject({
      name: 'relay:log-tail',
      level: 40,
    });

    // The others are served as before: a new session, and the watcher sees its lines.
    const after = await openSession();
    watcher.filter(filter({ level: 'info', sessionId: after.sessionId }));
    await expect.poll(() => watcher.lines().map((l) => l.msg)).toContain('session opened');
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);

    // Once it reads again, the slow reader finds why it was closed.
    resume();
    expect(await slow.closed).toEqual({ code: CloseCode.TooSlow, reason: 'too slow' });
    for (const ws of [flooder.client.ws, after.client.ws, watcher.ws]) ws.close(1000);
  });
});

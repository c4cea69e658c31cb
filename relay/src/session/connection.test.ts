import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CHUNK_SAMPLES,
  CloseCode,
  FrameKind,
  PROTOCOL_VERSION,
  encodeAudioFrame,
  parseServerMessage,
  type ServerMessage,
} from '@parley/shared';
import { createMemoryState } from '../cluster/memory-state.ts';
import { RelayError } from '../errors.ts';
import { loadLimitsConfig } from '../limits/limits-config.ts';
import { createRelayLimits } from '../limits/relay-limits.ts';
import { logger } from '../log/logger.ts';
import { CostMeter } from '../metering/cost-meter.ts';
import { loadMeteringConfig } from '../metering/metering-config.ts';
import { Connection } from './connection.ts';
import type { ConnectionDeps } from './connection-deps.ts';
import type { Session } from './session.ts';
import { sessionKit } from './session.test-kit.ts';

const TICKET = 'a-good-ticket-0123456789';

/**
 * A connection in-process: a recording socket, the relay's default limits, a ticket store that
 * knows one ticket, and a session directory serving the session kit's session. Reads like the
 * wire: `c.says({...})`, `c.got('ready')`, `c.closedWith`.
 */
async function connection(
  settings: { maxProtocolErrors?: number; messagesPerSecond?: number } = {},
) {
  const kit = await sessionKit();
  const now = Date.now;
  const limitsConfig = loadLimitsConfig(
    settings.messagesPerSecond === undefined
      ? {}
      : {
          MESSAGES_PER_SECOND: String(settings.messagesPerSecond),
          MESSAGE_BURST: String(settings.messagesPerSecond),
        },
  );
  const shared = createMemoryState({
    relayId: 'test',
    limits: limitsConfig,
    ticketTtlMs: 1000,
    now,
  });
  const wire: ServerMessage[] = [];
  const directory = { ended: [] as string[], waiting: [] as string[] };
  const errorsCounted: string[] = [];
  const metering = loadMeteringConfig({});
  const deps: ConnectionDeps = {
    settings: { helloTimeoutMs: 5000, maxProtocolErrors: settings.maxProtocolErrors ?? 20 },
    limits: createRelayLimits(limitsConfig, now, shared),
    sessionClock: limitsConfig.sessionClock,
    tickets: {
      redeem: (ticket) =>
        ticket === TICKET
          ? Promise.resolve({ userId: 'ada', mode: 'dev' as const })
          : Promise.reject(RelayError.unauthorized('This ticket is unknown or already used.')),
    },
    sessions: {
      open: (_identity, _hello, link) => {
        kit.session.attach(link, -1, false);
        return Promise.resolve(kit.session);
      },
      resume: () => Promise.reject(RelayError.notResumable()),
      continue: () => Promise.reject(RelayError.notContinuable()),
      awaitResume: (s: Session) => directory.waiting.push(s.id),
      end: (s: Session, reason: string) => directory.ended.push(`${s.id}: ${reason}`),
    },
    providers: kit.providers.set,
    meter: new CostMeter({ pricing: metering.pricing, now }),
    metrics: {
      errorSent: (code: string) => errorsCounted.push(code),
      budgetStopped: () => undefined,
      reconnectAttempted: () => undefined,
    },
    log: logger('test:connection'),
    now,
  };
  let closedWith: { code: number; reason: string } | null = null;
  const conn = new Connection(
    {
      send: (data) => {
        if (typeof data !== 'string') return;
        const m = parseServerMessage(data);
        if (m.ok) wire.push(m.value);
      },
      close: (code, reason) => (closedWith = { code, reason }),
      pauseReading: () => undefined,
    },
    deps,
    { origin: undefined, ip: '127.0.0.1', local: true },
  );
  const c = {
    kit,
    conn,
    wire,
    directory,
    errorsCounted,
    get closedWith() {
      return closedWith;
    },
    says(message: object | string) {
      conn.onText(typeof message === 'string' ? message : JSON.stringify(message));
      return c;
    },
    async hello() {
      c.says({ type: 'hello', protocol: PROTOCOL_VERSION, ticket: TICKET });
      await expect.poll(() => c.got('ready')).toBeDefined();
      return c;
    },
    got<T extends ServerMessage['type']>(type: T) {
      return wire.find((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
    },
    all<T extends ServerMessage['type']>(type: T) {
      return wire.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
    },
  };
  return c;
}

type Conn = Awaited<ReturnType<typeof connection>>;
const opened: Conn[] = [];
async function open(settings?: Parameters<typeof connection>[0]): Promise<Conn> {
  const c = await connection(settings);
  opened.push(c);
  return c;
}

describe('a connection, in-process', () => {
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of opened.splice(0)) {
      c.conn.onClose(CloseCode.Normal);
      await c.kit.close();
    }
  });

  it('closes a connection that says no hello in time', async () => {
    vi.useFakeTimers();
    const c = await open();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(c.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(c.closedWith?.code).toBe(CloseCode.HandshakeTimeout);
    expect(c.got('error')).toMatchObject({ code: 'no-session' });
  });

  it('opens a session on hello: ready, then where the money stands', async () => {
    const c = await open();
    await c.hello();
    expect(c.got('ready')).toMatchObject({ protocol: PROTOCOL_VERSION, resumed: false });
    expect(c.wire.map((m) => m.type)).toEqual(['ready', 'cost']);
  });

  it('refuses a ticket it does not know, with a reason and the unauthorized close', async () => {
    const c = await open();
    c.says({ type: 'hello', protocol: PROTOCOL_VERSION, ticket: 'not-a-ticket-0123456789' });
    await expect.poll(() => c.closedWith?.code).toBe(CloseCode.Unauthorized);
    expect(c.got('error')).toMatchObject({ code: 'unauthorized' });
  });

  it('answers invalid input with a typed error, counted, and closes after too many', async () => {
    const c = await open({ maxProtocolErrors: 3 });
    c.says('{not json').says({ type: 'nonsense' });
    expect(c.all('error').map((e) => e.code)).toEqual(['bad-message', 'bad-message']);
    expect(c.closedWith).toBeNull();
    c.says({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    expect(c.all('error').at(-2)).toMatchObject({ code: 'no-session' });
    expect(c.closedWith?.code).toBe(CloseCode.TooManyErrors);
    expect(c.errorsCounted).toEqual(['bad-message', 'bad-message', 'no-session', 'no-session']);
  });

  it('refuses audio before hello, and audio of a turn nobody started after it', async () => {
    const c = await open();
    const frame = encodeAudioFrame({
      kind: FrameKind.Mic,
      seq: 0,
      turnId: 7,
      timestampMs: 0,
      samples: new Int16Array(CHUNK_SAMPLES),
    });
    c.conn.onBinary(frame);
    expect(c.got('error')).toMatchObject({ code: 'no-session' });
    await c.hello();
    c.conn.onBinary(frame);
    expect(c.all('error').at(-1)).toMatchObject({ code: 'unknown-turn', turnId: 7 });
  });

  it('answers a ping with both clocks', async () => {
    const c = await open();
    c.says({ type: 'ping', id: 3, clientTimeMs: 12 });
    expect(c.got('pong')).toMatchObject({ id: 3, clientTimeMs: 12 });
  });

  it('ends the session only when its user ends it (1000); any other close waits for a resume', async () => {
    for (const [code, ends] of [
      [CloseCode.Normal, true],
      [1005, false],
      [1006, false],
      [CloseCode.Abandoned, false],
    ] as const) {
      const c = await open();
      await c.hello();
      c.conn.onClose(code);
      expect(c.directory.ended.length, `close ${code}`).toBe(ends ? 1 : 0);
      expect(c.directory.waiting.length, `close ${code}`).toBe(ends ? 0 : 1);
    }
  });

  it('cuts a client that sends messages faster than allowed, and its session waits for it', async () => {
    const c = await open({ messagesPerSecond: 5 });
    await c.hello();
    for (let i = 0; i < 10; i++) c.says({ type: 'ping', id: i, clientTimeMs: 0 });
    expect(c.closedWith?.code).toBe(CloseCode.RateLimited);
    expect(c.got('error')).toMatchObject({ code: 'rate-limited' });
    expect(c.directory.waiting).toHaveLength(1);
  });
});

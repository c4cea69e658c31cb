import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pcm16ToFloat, type ServerMessage } from '@parley/shared';
import { connectRedis } from '../src/cluster/redis/redis-client.ts';
import { RedisUserSpend } from '../src/cluster/redis/redis-user-spend.ts';
import { logger } from '../src/log/logger.ts';
import { utcDay } from '../src/metering/cost-meter.ts';
import { openStorage } from '../src/storage/index.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { helloFor, RawClient } from './clients.ts';
import { held, startCluster, stopCluster, type Cluster } from './cluster/cluster-kit.ts';
import { clusterSkipReason, Nginx, type LoadBalancer } from './cluster/daemons.ts';
import { HAProxy } from './cluster/haproxy.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { token } from './jwt-kit.ts';
import type { RelayProcess } from './relay-process.ts';
import { TcpProxy } from './tcp-proxy.ts';

const postgres =
  process.env.TEST_DATABASE_URL || (inject('testDatabaseUrl') as string | null | undefined) || null;
const skip =
  clusterSkipReason(['redis-server', '/usr/sbin/nginx', 'openssl', 'haproxy']) ??
  (postgres ? null : 'no PostgreSQL (PARLEY_TEST_POSTGRES=1)');

/** Every test is this one user (tokens last 5 minutes: a test asks for one per connection). */
const USER = 'cluster-user';

const say = async (text: string) =>
  pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );

describe.skipIf(skip !== null)(
  `three relays + Redis + PostgreSQL behind nginx and HAProxy${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    // The same relays behind both: what goes through a load balancer runs through each.
    const balancers: LoadBalancer[] = [new Nginx(), new HAProxy()];
    let cluster: Cluster;
    let relays: RelayProcess[] = [];

    beforeAll(async () => {
      cluster = await startCluster(postgres ?? '', balancers);
      relays = cluster.relays;
    }, 90_000);

    afterAll(async () => {
      await stopCluster(cluster, balancers);
      await closeSynthesizers();
    });

    it('a user’s concurrency cap holds across all three relays', async () => {
      const [ra, rb, rc] = relays;
      if (!ra || !rb || !rc) throw new Error('relays missing');
      // One session on each of two relays: neither of them, nor the third, sees the cap alone.
      const a = await TalkClient.connect(ra.wsUrl, { token: await token(USER), heartbeatMs: 1000 });
      const b = await TalkClient.connect(rb.wsUrl, { token: await token(USER), heartbeatMs: 1000 });
      const clients = [a, b];
      try {
        expect(await held(relays)).toEqual([1, 1, 0]);
        for (const url of [
          ra.wsUrl,
          rb.wsUrl,
          rc.wsUrl,
          ...balancers.map((b) => `${b.url.replace('http', 'ws')}/ws`),
        ])
          await expect(
            TalkClient.connect(url, { token: await token(USER), heartbeatMs: 1000 }),
          ).rejects.toThrow(/already have 2 conversations open/);
        a.close();
        await expect.poll(() => held(relays)).toEqual([0, 1, 0]);
        clients.push(
          await TalkClient.connect(rc.wsUrl, { token: await token(USER), heartbeatMs: 1000 }),
        );
        expect(await held(relays)).toEqual([0, 1, 1]);
        await expect(
          TalkClient.connect(ra.wsUrl, { token: await token(USER), heartbeatMs: 1000 }),
        ).rejects.toThrow(/already have 2 conversations open/);
      } finally {
        for (const c of clients) c.close();
      }
      await expect.poll(() => held(relays)).toEqual([0, 0, 0]);
    }, 60_000);

    it('a connection dropped on one relay does not lock its user out on the others', async () => {
      const [ra, rb, rc] = relays;
      if (!ra || !rb || !rc) throw new Error('relays missing');
      const open = async (relay: RelayProcess) => {
        const c = await RawClient.open(relay.wsUrl);
        c.send(await helloFor(relay, await token(USER)));
        return c;
      };
      // The cap is 2: one session on each relay, then the one on A loses its connection and
      // waits there for a resume.
      const a = await open(ra);
      const dropped = (await a.next('ready')).sessionId;
      const b = await open(rb);
      await b.next('ready');
      a.ws.terminate();
      await expect.poll(() => held(relays)).toEqual([1, 1, 0]);
      // A new session on the third relay, C, takes the waiting session's slot; relay A ends that
      // one when it renews its leases (within a third of CLUSTER_LEASE_S).
      const c = await open(rc);
      await c.next('ready');
      await expect.poll(() => held(relays), { timeout: 10_000 }).toEqual([0, 1, 1]);
      // The slot moves at once; relay A stores why the session ended when it next renews.
      const storage = await openStorage({ url: postgres ?? '' });
      try {
        await expect
          .poll(async () => (await storage.sessions.get(USER, dropped))?.closeReason)
          .toBe('slot taken by a newer session');
      } finally {
        await storage.close();
      }
      // Both have their connection: the cap holds, on every relay.
      for (const relay of [ra, rb, rc]) {
        const d = await open(relay);
        expect(await d.next('error')).toMatchObject({ code: 'limit-exceeded' });
      }
      // Ended by the user (1000): a bare close would leave them waiting for a resume.
      b.ws.close(1000);
      c.ws.close(1000);
      await expect.poll(() => held(relays)).toEqual([0, 0, 0]);
    }, 60_000);

    it('a user’s spending today is one total across three relays', async () => {
      const [ra, rb, rc] = relays;
      if (!ra || !rb || !rc) throw new Error('relays missing');
      const spent = async (client: TalkClient, text: string) => {
        const turnId = client.turns.size + 1;
        client.send({ type: 'user.text', turnId, text });
        await client.turn(turnId).done;
        const costs = client.received.filter(
          (m) => m.type === 'cost' && m.turnId === turnId,
        ) as Extract<ServerMessage, { type: 'cost' }>[];
        const last = costs.at(-1);
        if (!last) throw new Error(`no cost for turn ${turnId}`);
        return last;
      };
      const a = await TalkClient.connect(ra.wsUrl, { token: await token(USER), heartbeatMs: 1000 });
      const b = await TalkClient.connect(rb.wsUrl, { token: await token(USER), heartbeatMs: 1000 });
      try {
        const onA = await spent(a, 'Good morning.');
        expect(onA.turnMicros).toBeGreaterThan(0);
        // Relay B counts what the user spent on relay A, even in a session it already serves:
        // once relay A's share of it is in Redis.
        const redisClient = await connectRedis(cluster.redis.url, logger('test:cluster'), {
          name: 'test',
        });
        try {
          const shared = new RedisUserSpend(redisClient, `${cluster.prefix}spend:`);
          await expect
            .poll(() => shared.get(USER, utcDay(Date.now())))
            .toBeGreaterThanOrEqual(onA.userDayMicros);
        } finally {
          redisClient.disconnect();
        }
        const onB = await spent(b, 'Thank you very much.');
        expect(onB.userDayMicros).toBeGreaterThanOrEqual(onA.userDayMicros + onB.turnMicros);
        // The third relay counts both (the user's cap is two sessions: A's ends first).
        a.close();
        await expect.poll(() => held(relays)).toEqual([0, 1, 0]);
        const c = await TalkClient.connect(rc.wsUrl, {
          token: await token(USER),
          heartbeatMs: 1000,
        });
        try {
          const onC = await spent(c, 'Good night.');
          expect(onC.userDayMicros).toBeGreaterThanOrEqual(
            onA.userDayMicros + onB.turnMicros + onC.turnMicros,
          );
        } finally {
          c.close();
        }
      } finally {
        a.close();
        b.close();
      }
      await expect.poll(() => held(relays)).toEqual([0, 0, 0]);
    }, 60_000);

    it.each(balancers)(
      'kill -9 the relay holding the session mid-utterance (through $name): another one resumes it, nothing lost; a restart loses nothing',
      async (balancer) => {
        await expect.poll(() => held(relays)).toEqual([0, 0, 0]);
        const client = await TalkClient.connect(`${balancer.url.replace('http', 'ws')}/ws`, {
          token: await token(USER),
          timeZone: 'UTC',
          heartbeatMs: 1000,
        });
        const sessionId = client.ready.sessionId;
        const streamer = new UtteranceStreamer(client);
        // A turn before the fault: the relay takes audio ahead of real time.
        const [first] = await streamer.stream(await say('Good morning.'), { speed: 4 });
        expect(first?.status).toBe('completed');

        // The relay holding the session dies while the user speaks (800 ms of it sent).
        await expect.poll(() => client.connection.unackedChunks).toBe(0);
        const third = streamer.stream(await say('What time is it?'), { replyTimeoutMs: 30_000 });
        await expect.poll(() => client.connection.unackedChunks).toBeGreaterThanOrEqual(8);
        const holder = (await held(relays)).indexOf(1);
        expect(holder).toBeGreaterThanOrEqual(0);
        const victim = relays[holder];
        const others = relays.filter((_, i) => i !== holder);
        if (!victim) throw new Error('no relay holds the session');
        expect((await victim.stop('SIGKILL')).signal).toBe('SIGKILL');
        const [answer] = await third;
        expect(answer?.status).toBe('completed');
        expect(answer?.transcript).toBe('what time is it');
        expect(answer?.reply).toMatch(/^It's \d{1,2}:\d{2} [AP]M\.$/);
        expect(client.ready.sessionId).toBe(sessionId);
        expect(client.connection.resumes).toBeGreaterThanOrEqual(1);
        expect(client.connection.lostChunks).toBe(0);
        // One of the two others holds it.
        const survivor = others[(await held(others)).indexOf(1)];
        if (!survivor)
          throw new Error(`no other relay holds it: ${(await held(others)).join(', ')}`);

        // The dead relay comes back; then the survivor restarts (SIGTERM, as in a deploy): the
        // session moves to a relay that runs (the one back, or the third), history intact.
        await victim.start();
        const stopping = survivor.stop('SIGTERM');
        const [recall] = await streamer.stream(await say('What did I just say?'), {
          replyTimeoutMs: 30_000,
        });
        expect((await stopping).code).toBe(0);
        expect(recall?.reply).toBe('You said: "what time is it".');
        const live = relays.filter((r) => r !== survivor);
        expect((await held(live)).sort((x, y) => x - y)).toEqual([0, 1]);
        await expect.poll(() => client.connection.unackedChunks).toBe(0);
        await survivor.start();
        client.close();

        const storage = await openStorage({ url: postgres ?? '' });
        try {
          const saved = await storage.sessions.get(USER, sessionId);
          expect(saved?.turns.map((t) => t.userText)).toEqual([
            'good morning',
            'what time is it',
            'what did i just say',
          ]);
          expect(saved?.turns.every((t) => t.status === 'completed')).toBe(true);
        } finally {
          await storage.close();
        }
      },
      120_000,
    );

    it('a client that comes back through the other relay takes its live session over', async () => {
      const [a, b] = relays;
      if (!a || !b) throw new Error('relays missing');
      // A network path that can be cut and pointed at the other relay (a load balancer's choice).
      const path = new TcpProxy(a.port);
      await path.listen();
      try {
        // Heartbeats far enough apart that the client still sends the whole utterance while
        // the relay's answers vanish (below).
        const client = await TalkClient.connect(`ws://127.0.0.1:${path.port}/ws`, {
          token: await token(USER),
          timeZone: 'UTC',
          heartbeatMs: 5000,
        });
        const streamer = new UtteranceStreamer(client);
        const [one] = await streamer.stream(await say('Thank you very much.'), { speed: 4 });
        expect(one?.transcript).toBe('thank you very much');
        expect(await held(relays)).toEqual([1, 0, 0]);

        path.retarget(b.port);
        path.drop();
        await expect.poll(() => client.connection.resumes, { timeout: 15_000 }).toBe(1);
        expect(await held(relays)).toEqual([0, 1, 0]);
        const [recall] = await streamer.stream(await say('What did I just say?'), { speed: 4 });
        expect(recall?.reply).toBe('You said: "thank you very much".');

        // The answer is produced on relay B while nothing reaches the client; the client then
        // comes back through relay A, which takes the session over and sends what it missed.
        path.retarget(a.port);
        path.blackholeDownlink();
        const missed = streamer.stream(await say('Good morning.'), { replyTimeoutMs: 30_000 });
        const storage = await openStorage({ url: postgres ?? '' });
        try {
          const sessionId = client.ready.sessionId;
          await expect
            .poll(async () => (await storage.sessions.get(USER, sessionId))?.turns.length, {
              timeout: 20_000,
            })
            .toBe(3);
        } finally {
          await storage.close();
        }
        path.restore();
        const [answer] = await missed;
        expect(answer?.transcript).toBe('good morning');
        expect(answer?.status).toBe('completed');
        expect(answer?.reply).toMatch(/^Good morning/);
        expect(answer?.replyAudioMs).toBeGreaterThan(500);
        expect(await held(relays)).toEqual([1, 0, 0]);
        expect(client.connection.lostChunks).toBe(0);
        client.close();
      } finally {
        await path.close();
      }
    }, 60_000);
  },
);

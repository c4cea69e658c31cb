import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pcm16ToFloat, pushMessage } from '@parley/shared';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { TalkClient } from '../../src/talk/client.ts';
import { UtteranceStreamer } from '../../src/talk/stream.ts';
import {
  startFakePushService,
  type FakePushService,
  type FakeSubscription,
} from '../fakes/push-service.ts';
import { closeSynthesizers, synthesizeSpeech } from '../fixtures/speech.ts';
import { ORIGIN, token } from '../jwt-kit.ts';
import { parseExposition } from '../prometheus-text.ts';
import type { RelayProcess } from '../relay-process.ts';
import { held, startCluster, stopCluster, type Cluster } from './cluster-kit.ts';
import { clusterSkipReason } from './daemons.ts';
import { HAProxy, relayServerName } from './haproxy.ts';

// Issue 63, item 7: what the two-relay tests prove holds with three (cluster.test.ts runs
// them on three); here, one of three killed while talkers speak, and reminders that three
// relays could each push.

const postgres =
  process.env.TEST_DATABASE_URL || (inject('testDatabaseUrl') as string | null | undefined) || null;
const skip =
  clusterSkipReason(['redis-server', 'haproxy']) ??
  (postgres ? null : 'no PostgreSQL (PARLEY_TEST_POSTGRES=1)');

/** Talkers connected when a relay is killed: two on each relay (HAProxy's leastconn). */
const TALKERS = 6;

const say = async (text: string) =>
  pcm16ToFloat(
    (await synthesizeSpeech(text, { leadingSilenceMs: 300, trailingSilenceMs: 900 })).samples,
  );

describe.skipIf(skip !== null)(
  `three relays on Redis and PostgreSQL behind HAProxy${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const haproxy = new HAProxy();
    let push: FakePushService;
    let cluster: Cluster;
    let relays: RelayProcess[] = [];
    let storage: Storage;
    const states = async () => {
      const all = await haproxy.serverStates();
      return relays.map((r) => all[relayServerName(r.port)]);
    };
    const connect = async (user: string) =>
      TalkClient.connect(`${haproxy.url.replace('http', 'ws')}/ws`, {
        token: await token(user),
        timeZone: 'UTC',
        heartbeatMs: 1000,
      });
    /** `parley_mic_frames_total` of `outcome`, summed over `of`. */
    const micFrames = async (of: RelayProcess[], outcome: string) => {
      let n = 0;
      for (const relay of of) {
        const text = await (await fetch(`${relay.url}/metrics`)).text();
        n += parseExposition(text).value('parley_mic_frames_total', { outcome }) ?? 0;
      }
      return n;
    };
    /** A session through HAProxy, and which relay took it (read from the relays' counts). */
    const connectTracked = async (user: string): Promise<[TalkClient, number]> => {
      const before = await held(relays);
      const client = await connect(user);
      const after = await held(relays);
      return [client, after.findIndex((n, r) => n === (before[r] ?? 0) + 1)];
    };

    beforeAll(async () => {
      push = await startFakePushService();
      // One VAPID key pair for all of them, as docs/configuring.md asks of a cluster.
      const vapid = webPush.generateVAPIDKeys();
      cluster = await startCluster(postgres ?? '', [haproxy], {
        env: () =>
          Promise.resolve({
            PUSH_SERVICES: push.url,
            VAPID_PUBLIC_KEY: vapid.publicKey,
            VAPID_PRIVATE_KEY: vapid.privateKey,
          }),
      });
      relays = cluster.relays;
      storage = await openStorage({ url: postgres ?? '' });
    }, 120_000);

    afterAll(async () => {
      await storage.close();
      await stopCluster(cluster, [haproxy]);
      await push.close();
      await closeSynthesizers();
    });

    it('kill -9 one of three while its talkers speak: each resumes on a live relay, no chunk lost, the others go on; started again, it takes new sessions', async () => {
      const victim = relays[2];
      if (!victim) throw new Error('relays missing');
      await expect.poll(states).toEqual(['UP', 'UP', 'UP']);
      const clients: TalkClient[] = [];
      /** Which relay took each talker (read from the relays' counts as each connects). */
      const holders: number[] = [];
      try {
        for (let i = 0; i < TALKERS; i++) {
          const [client, holder] = await connectTracked(`talker-${i}`);
          clients.push(client);
          holders.push(holder);
        }
        expect(await held(relays)).toEqual([2, 2, 2]);
        const sessions = clients.map((c) => c.ready.sessionId);
        const onVictim = clients.filter((_, i) => holders[i] === 2);
        const others = clients.filter((_, i) => holders[i] !== 2);
        expect(onVictim).toHaveLength(2);

        // Relay C's two talkers speak in real time; it dies once each has sent 500 ms it has
        // not acknowledged. (Six decoding at once outran PocketSphinx's 10 s on a loaded
        // machine: the others speak after.)
        const speech = await say('What time is it?');
        // One streamer per talker: it numbers the talker's turns and chunks.
        const streamers = new Map(clients.map((c) => [c, new UtteranceStreamer(c)]));
        const streamer = (c: TalkClient) => {
          const found = streamers.get(c);
          if (!found) throw new Error('no streamer');
          return found;
        };
        const answers = onVictim.map((c) => streamer(c).stream(speech, { replyTimeoutMs: 45_000 }));
        await expect
          .poll(() => Math.min(...onVictim.map((c) => c.connection.unackedChunks)))
          .toBeGreaterThanOrEqual(5);
        expect((await victim.stop('SIGKILL')).signal).toBe('SIGKILL');

        for (const [i, [turn]] of (await Promise.all(answers)).entries()) {
          expect(turn?.status, `talker ${i} of relay C`).toBe('completed');
          expect(turn?.transcript, `talker ${i} of relay C`).toBe('what time is it');
          expect(turn?.reply, `talker ${i} of relay C`).toMatch(/^It's \d{1,2}:\d{2} [AP]M\.$/);
        }
        expect(onVictim.map((c) => c.connection.resumes >= 1)).toEqual([true, true]);
        expect(clients.map((c) => c.connection.lostChunks)).toEqual(clients.map(() => 0));
        // Nor did a relay skip over any: the recognisers heard every frame of every utterance.
        expect(await micFrames(relays.slice(0, 2), 'missing')).toBe(0);
        // Every session is held by a live relay, under its own id; the others never moved.
        await expect
          .poll(async () => (await held(relays.slice(0, 2))).reduce((a, b) => a + b))
          .toBe(TALKERS);
        expect(clients.map((c) => c.ready.sessionId)).toEqual(sessions);
        expect(others.map((c) => c.connection.resumes)).toEqual([0, 0, 0, 0]);
        // A resumed session kept what was said before the kill; the others answer as before.
        for (const c of onVictim) {
          const [recall] = await streamer(c).stream(await say('What did I just say?'), {
            speed: 4,
          });
          expect(recall?.reply).toBe('You said: "what time is it".');
        }
        const thanks = await say('Thank you very much.');
        for (const c of others) {
          const [turn] = await streamer(c).stream(thanks, { speed: 4 });
          expect(turn?.transcript).toBe('thank you very much');
        }

        // Relay C comes back: once HAProxy's checks have it up, new sessions go to it again (it
        // holds the fewest; the template's slowstart lets its share grow over 10 s), and its
        // turns are answered.
        await victim.start();
        await expect.poll(states).toEqual(['UP', 'UP', 'UP']);
        const newcomers: [TalkClient, number][] = [];
        for (let i = 0; i < 3; i++) newcomers.push(await connectTracked(`newcomer-${i}`));
        clients.push(...newcomers.map(([c]) => c));
        const newcomer = newcomers.find(([, holder]) => holder === 2)?.[0];
        if (!newcomer)
          throw new Error(`no new session on relay C: ${newcomers.map(([, h]) => h).join(', ')}`);
        expect((await held([victim]))[0]).toBeGreaterThanOrEqual(1);
        const [first] = await new UtteranceStreamer(newcomer).stream(await say('Good morning.'), {
          speed: 4,
        });
        expect(first?.status).toBe('completed');
        expect(first?.transcript).toBe('good morning');
        expect(newcomer.connection.resumes).toBe(0);
      } finally {
        for (const c of clients) c.close();
      }
      await expect.poll(() => held(relays)).toEqual([0, 0, 0]);
    }, 180_000);

    it('a due reminder that all three relays read is pushed once, by one of them', async () => {
      await expect.poll(states).toEqual(['UP', 'UP', 'UP']);
      const users = Array.from({ length: 24 }, (_, i) => `remind-${i}`);
      const put = async (relay: RelayProcess | undefined, user: string) => {
        if (!relay) throw new Error('relays missing');
        const sub = push.subscribe();
        const res = await fetch(`${relay.url}/api/push/subscription`, {
          method: 'PUT',
          headers: {
            Origin: ORIGIN,
            Authorization: `Bearer ${await token(user)}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(sub.body),
        });
        expect(res.status).toBe(204);
        return sub;
      };
      const subs: FakeSubscription[] = [];
      for (const [i, user] of users.entries()) subs.push(await put(relays[i % 3], user));
      // Due a moment ago, past the grace left to open pages: every relay that reads pushes.
      const due = Date.now() - 5_000;
      const reminders = await Promise.all(
        users.map((user) => storage.reminders.add(user, `stretch, ${user}`, due)),
      );
      // A browser subscribing wakes a relay's push clock: all three read at once.
      await Promise.all(relays.map((relay, i) => put(relay, `waker-${i}`)));

      const pushesTo = (endpoint: string) =>
        push.delivered
          .filter((d) => d.endpoint === endpoint)
          .map((d) => pushMessage.parse(JSON.parse(d.text)).reminder.id);
      await expect
        .poll(() => subs.filter((s) => pushesTo(s.endpoint).length > 0).length)
        .toBe(users.length);
      // Every claim is taken (none awaits a push), and each push was sent: once per reminder.
      await expect
        .poll(async () => {
          const awaiting = new Set((await storage.reminders.awaitingPush(1000)).map((r) => r.id));
          return reminders.filter((r) => awaiting.has(r.id)).length;
        })
        .toBe(0);
      const sent = async () => {
        let n = 0;
        for (const relay of relays) {
          const text = await (await fetch(`${relay.url}/metrics`)).text();
          n +=
            parseExposition(text).value('parley_reminder_pushes_total', { outcome: 'sent' }) ?? 0;
        }
        return n;
      };
      expect(await sent()).toBe(users.length);
      expect(subs.map((s) => pushesTo(s.endpoint))).toEqual(reminders.map((r) => [r.id]));
      expect(push.refused).toEqual([]);
    }, 90_000);
  },
);

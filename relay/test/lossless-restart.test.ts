import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/storage/index.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { startFakeElevenLabs, type FakeElevenLabs } from './fakes/elevenlabs-server.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import {
  expectLossless,
  faultStory,
  outcome,
  PHRASE,
  say,
  type TurnOutcome,
} from './lossless-helpers.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

const KEY = 'fake-elevenlabs-key';

/**
 * Issue 28: the relay dies or restarts in the middle of a turn (its own process, SQLite on
 * disk), and the turn comes out as it does when nothing happens. The voice is a local stand-in
 * for ElevenLabs that streams about three times faster than real time, so a reply takes seconds
 * to arrive and "while the reply streams" is a wide window.
 */
describe('never lose a word: the relay dies mid-turn (headless client)', () => {
  let tts: FakeElevenLabs;
  let speech: Float32Array;
  let reference: TurnOutcome;
  const dirs: string[] = [];
  const env = (dir: string, extra: Record<string, string> = {}) => ({
    ...TEST_RELAY_ENV,
    DATA_DIR: dir,
    TTS_PROVIDERS: 'elevenlabs',
    ELEVENLABS_API_KEY: KEY,
    ELEVENLABS_BASE_URL: tts.url,
    SERVER_HEARTBEAT_S: '30',
    // What a failure prints (faultStory): the sessions' and turns' lines.
    LOG_LEVEL: 'info',
    ...extra,
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lossless-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    tts = await startFakeElevenLabs({ apiKey: KEY, chunkIntervalMs: 30 });
    speech = await say(PHRASE);
    const relay = new RelayProcess(await freePort(), env(dataDir()));
    try {
      await relay.start();
      const client = await TalkClient.connect(relay.wsUrl, { heartbeatMs: 1000 });
      // The reference: what comes out without a fault (audio ahead of real time: no fault here).
      const [clean] = await new UtteranceStreamer(client).stream(speech, { speed: 4 });
      client.close();
      reference = outcome(clean);
      expect(reference.replyAudioMs).toBeGreaterThan(5000);
    } finally {
      await relay.stop('SIGKILL');
    }
  }, 60_000);
  afterAll(async () => {
    await closeSynthesizers();
    await tts.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs the phrase on a relay (`extra` env); `fault` gets the relay once the client is in.
   * `speed`: how much faster than real time the phrase is said (1 when the fault is in it).
   */
  async function throughFault(
    extra: Record<string, string>,
    fault: (relay: RelayProcess, client: TalkClient) => Promise<void>,
    speed = 1,
  ): Promise<TalkClient> {
    const dir = dataDir();
    const relay = new RelayProcess(await freePort(), env(dir, extra));
    try {
      await relay.start();
      const client = await TalkClient.connect(relay.wsUrl, { heartbeatMs: 1000 });
      const turn = new UtteranceStreamer(client).stream(speech, { replyTimeoutMs: 60_000, speed });
      await fault(relay, client);
      try {
        const [report] = await turn;
        // Acknowledged = stored: then the user ends the conversation.
        await expect.poll(() => client.connection.unackedChunks).toBe(0);
        client.close();
        const storage = await openStorage({ sqlitePath: join(dir, 'parley.db') });
        try {
          await expectLossless(client, report, reference, storage);
        } finally {
          await storage.close();
        }
      } catch (err) {
        // Seen once in CI (17 chunks never acknowledged after the SIGTERM restart): say why.
        throw new Error(`${String(err)}\n${faultStory(relay, client)}`, { cause: err });
      }
      return client;
    } finally {
      await relay.stop('SIGKILL');
    }
  }

  /** Once `client` has `ms` of reply audio of its turn, and not all of it. */
  const untilMidReply = async (client: TalkClient, ms: number) => {
    const samples = (ms * client.ready.outputSampleRateHz) / 1000;
    await expect
      .poll(() => [...client.turns.values()][0]?.audioSamples ?? 0, {
        timeout: 30_000,
        interval: 5,
      })
      .toBeGreaterThanOrEqual(samples);
    expect([...client.turns.values()][0]?.status).toBeNull();
  };

  it('SIGKILL while the reply streams: the user hears every part of the reply once', async () => {
    const client = await throughFault(
      {},
      async (relay, client) => {
        await untilMidReply(client, 1500);
        await relay.stop('SIGKILL');
        await relay.start();
      },
      4,
    );
    expect(client.connection.resumes).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('SIGTERM with no time to drain while the reply streams: the cut turn is answered after the restart', async () => {
    await throughFault(
      { SHUTDOWN_DRAIN_S: '0' },
      async (relay, client) => {
        await untilMidReply(client, 1500);
        expect((await relay.stop('SIGTERM')).code).toBe(0);
        await relay.start();
      },
      4,
    );
  }, 90_000);

  it('quiet for longer than the resume grace, then the relay dies as the user speaks: the grace counts from the crash', async () => {
    const graceMs = 2000;
    await throughFault({ RESUME_GRACE_S: String(graceMs / 1000) }, async (relay, client) => {
      // Nothing was written for the session since it opened; the user speaks, much later.
      const openedAt = Date.now();
      await expect
        .poll(() => Date.now() - openedAt, { timeout: 10_000, interval: 100 })
        .toBeGreaterThan(graceMs + 500);
      const frames = () => client.connection.unackedChunks;
      await expect.poll(frames, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(5);
      await relay.stop('SIGKILL');
      await relay.start();
    });
  }, 90_000);
});

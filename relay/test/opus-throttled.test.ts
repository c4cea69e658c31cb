import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient, type TalkClientOptions } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { PHRASE, say } from './lossless-helpers.ts';
import { TcpProxy } from './tcp-proxy.ts';

/**
 * Issue 26: a phone's weak uplink — 64 kbit/s up, 40 ms each way — through a proxy that carries
 * no more than that. PCM16 (~260 kbit/s) cannot keep up with the user's speech; Opus can. (How
 * much sooner the answer comes is a timing figure: see `pnpm bench:opus`.)
 */
describe('a 64 kbit/s uplink with 40 ms of delay', () => {
  let relay: TestRelay;
  let speech: Float32Array;
  beforeAll(async () => {
    relay = await startTestRelay();
    speech = await say(PHRASE);
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  /** One turn said in real time through the throttled link: how far behind the uplink fell. */
  async function throughWeakLink(options: TalkClientOptions) {
    const proxy = new TcpProxy(relay.port);
    proxy.delayMs = 40;
    await proxy.listen();
    try {
      const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, options);
      proxy.upBytesPerSecond = 64_000 / 8;
      const [report] = await new UtteranceStreamer(client).stream(speech, { speed: 1 });
      client.close();
      return { report, lagMs: proxy.maxUpLagMs };
    } finally {
      await proxy.close();
    }
  }

  it('PCM16 falls seconds behind the speech; Opus keeps up, and the turn is answered the same', async () => {
    const pcm = await throughWeakLink({});
    const opus = await throughWeakLink({ codec: 'opus' });
    // ~1.7 s of speech at ~260 kbit/s through 64: over a second behind by its end.
    expect(pcm.lagMs).toBeGreaterThan(1_000);
    // Opus at 24 kbit/s (+ framing) fits: at most a few frames ever wait.
    expect(opus.lagMs).toBeLessThan(300);
    expect(opus.report?.status).toBe('completed');
    expect(opus.report?.transcript).toBe(pcm.report?.transcript);
    expect(opus.report?.reply).toBe(pcm.report?.reply);
  }, 60_000);
});

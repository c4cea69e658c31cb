import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from '../../relay/test/relay-process.ts';
import { CallKit } from './call-kit.ts';
import { installWebAudio } from './fakes/web-audio.ts';

// Issue 52, part 3: the page's call against a relay whose calls are checked on after 1 s of
// silence, and against one whose calls last at most 6 s, warned 3 s ahead. What the user sees:
// the warning, then the call ended, the microphone released, and why in plain words.

/** The relay's own process, with `env` over the test relay's. */
async function relayWith(env: Record<string, string>, dataDir: string): Promise<RelayProcess> {
  const relay = new RelayProcess(await freePort(), {
    ...TEST_RELAY_ENV,
    DATA_DIR: dataDir,
    ...env,
  });
  await relay.start();
  return relay;
}

/** Every microphone track the call opened has ended (released), and the page shows no mic. */
function micReleased(k: CallKit): void {
  const tracks = k.mics[0]?.tracks ?? [];
  expect(tracks.length).toBeGreaterThan(0);
  expect(tracks.map((t) => t.readyState)).toEqual(tracks.map(() => 'ended'));
  expect(k.state.mic).toBeNull();
}

describe('the web call ended by the relay', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-web-silence-'));

  beforeAll(() => installWebAudio());
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await closeSynthesizers();
    vi.unstubAllGlobals();
  });

  it('silence: asks if the user is still there, then ends the call, releases the mic and says why', async () => {
    const relay = await relayWith({ CALL_SILENCE_S: '1' }, join(dataDir, 'silence'));
    const k = new CallKit({ relay, socketPort: relay.port });
    try {
      await k.call.start();
      expect(k.wire.sentOf('call.state')).toEqual([{ type: 'call.state', live: true }]);
      await k.say('What time is it?');
      await expect
        .poll(() => k.wire.messages('session.warning'), { timeout: 30_000 })
        .toEqual([expect.objectContaining({ reason: 'silence' })]);
      expect(k.state.notice).toMatch(/still there/);
      await expect.poll(() => k.state.call, { timeout: 10_000 }).toBe('idle');
      expect(k.wire.messages('call.ended')).toEqual([
        expect.objectContaining({ reason: 'silence' }),
      ]);
      micReleased(k);
      expect(k.state.notice).toMatch(/microphone was turned off.*Press Talk/);
      expect(k.state.connection).toBe('idle');
    } finally {
      k.close();
      await relay.stop();
    }
  });

  it('maximum length: warned ahead, then the call ends, the mic is released and the page says why', async () => {
    const relay = await relayWith(
      { MAX_SESSION_MINUTES: '0.1', SESSION_WARNING_S: '3' },
      join(dataDir, 'length'),
    );
    const k = new CallKit({ relay, socketPort: relay.port });
    try {
      await k.call.start();
      await expect
        .poll(() => k.wire.messages('session.warning'), { timeout: 10_000 })
        .toEqual([expect.objectContaining({ reason: 'max-length' })]);
      expect(k.state.notice).toMatch(/ends in 3 seconds/);
      await expect.poll(() => k.state.call, { timeout: 10_000 }).toBe('idle');
      micReleased(k);
      expect(k.state.notice).toMatch(/the longest allowed\. Start a new one/);
    } finally {
      k.close();
      await relay.stop();
    }
  });
});

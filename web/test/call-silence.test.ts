import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from '../../relay/test/relay-process.ts';
import { CallKit } from './call-kit.ts';
import { installWebAudio } from './fakes/web-audio.ts';

// Issue 52, part 3: the page's call against a relay whose calls are checked on after 1 s of
// silence. What the user sees: the check-in, then the call ended, the microphone released, and
// why in plain words.

describe('the web call gone silent', () => {
  let relay: RelayProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-web-silence-'));

  beforeAll(async () => {
    installWebAudio();
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      DATA_DIR: dataDir,
      CALL_SILENCE_S: '1',
    });
    await relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await closeSynthesizers();
    vi.unstubAllGlobals();
  });

  it('asks if the user is still there, then ends the call, releases the mic and says why', async () => {
    const k = new CallKit({ relay, socketPort: relay.port });
    try {
      await k.call.start();
      await k.say('What time is it?');
      await expect
        .poll(() => k.wire.messages('session.warning'), { timeout: 30_000 })
        .toEqual([expect.objectContaining({ reason: 'silence' })]);
      expect(k.state.notice).toMatch(/still there/);
      await expect.poll(() => k.state.call, { timeout: 10_000 }).toBe('idle');
      expect(k.wire.messages('call.ended')).toEqual([
        expect.objectContaining({ reason: 'silence' }),
      ]);
      // The microphone is released: every track the call opened has ended.
      const tracks = k.mics[0]?.tracks ?? [];
      expect(tracks.length).toBeGreaterThan(0);
      expect(tracks.map((t) => t.readyState)).toEqual(tracks.map(() => 'ended'));
      expect(k.state.mic).toBeNull();
      expect(k.state.notice).toMatch(/microphone was turned off.*Press Talk/);
      expect(k.state.connection).toBe('idle');
    } finally {
      k.close();
    }
  });
});

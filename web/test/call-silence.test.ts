import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GOODBYE_LINE,
  STILL_THERE_LINE,
} from '../../relay/src/session/quiet/call-silence-watch.ts';
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

/**
 * Every notice the page shows from now on, in order: the warning and the goodbye come a second
 * apart, and a loaded machine may poll after both.
 */
function noticesOf(k: CallKit): string[] {
  const seen: string[] = [];
  k.app.store.subscribe((s) => {
    if (s.notice !== null && s.notice !== seen.at(-1)) seen.push(s.notice);
  });
  return seen;
}

/** The turn id the relay said `line` in (its own turn), once its `turn.done` came. */
function doneOf(k: CallKit, line: string): number | undefined {
  return k.wire.messages('turn.done').find((m) => m.reply === line)?.turnId;
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
    const notices = noticesOf(k);
    try {
      await k.call.start();
      expect(k.wire.sentOf('call.state')).toEqual([{ type: 'call.state', live: true }]);
      await k.say('What time is it?');
      await expect
        .poll(() => k.wire.messages('session.warning'), { timeout: 30_000 })
        .toEqual([expect.objectContaining({ reason: 'silence' })]);
      expect(notices[0]).toMatch(/still there/);
      // Said aloud as the assistant's turn: shown, and played (the page says when it started).
      await expect
        .poll(() => k.transcript().filter((e) => e.role === 'assistant'), { timeout: 15_000 })
        .toContainEqual({ role: 'assistant', text: STILL_THERE_LINE, status: 'completed' });
      const askedIn = doneOf(k, STILL_THERE_LINE);
      await expect
        .poll(() => k.wire.sentOf('playback.started').map((m) => m.turnId))
        .toContain(askedIn);
      await expect.poll(() => k.state.call, { timeout: 20_000 }).toBe('idle');
      expect(k.wire.messages('call.ended')).toEqual([
        expect.objectContaining({ reason: 'silence' }),
      ]);
      // The goodbye was said, shown and began playing before the call ended.
      expect(k.transcript().at(-1)).toEqual({
        role: 'assistant',
        text: GOODBYE_LINE,
        status: 'completed',
      });
      expect(k.wire.sentOf('playback.started').map((m) => m.turnId)).toContain(
        doneOf(k, GOODBYE_LINE),
      );
      micReleased(k);
      expect(k.state.notice).toMatch(/microphone was turned off.*Press Talk/);
      expect(k.state.connection).toBe('idle');
    } finally {
      k.close();
      await relay.stop();
    }
  });

  it('the user answers the check-in: their turn is numbered after it, answered, and the call goes on', async () => {
    // Long enough for the user's first words to come before the check-in.
    const relay = await relayWith({ CALL_SILENCE_S: '3' }, join(dataDir, 'answered'));
    const k = new CallKit({ relay, socketPort: relay.port });
    try {
      await k.call.start();
      // Turn 1 is the user's: the check-in takes turn 2, where the page would number its next.
      await k.say('What time is it?');
      await expect
        .poll(() => k.wire.messages('turn.done').map((m) => m.turnId), { timeout: 30_000 })
        .toContain(1);
      await expect.poll(() => doneOf(k, STILL_THERE_LINE), { timeout: 30_000 }).toBeDefined();
      const askedIn = doneOf(k, STILL_THERE_LINE) ?? -1;
      expect(askedIn).toBe(2);
      await k.say('What time is it?');
      await expect
        .poll(() => k.wire.sentOf('utterance.end').map((m) => m.turnId), { timeout: 30_000 })
        .toContain(askedIn + 1);
      await expect
        .poll(() => k.wire.messages('turn.done').find((m) => m.turnId === askedIn + 1)?.status, {
          timeout: 30_000,
        })
        .toBe('completed');
      expect(k.wire.messages('error')).toEqual([]);
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
    const notices = noticesOf(k);
    try {
      await k.call.start();
      await expect
        .poll(() => k.wire.messages('session.warning'), { timeout: 10_000 })
        .toEqual([expect.objectContaining({ reason: 'max-length' })]);
      expect(notices[0]).toMatch(/ends in 3 seconds/);
      await expect.poll(() => k.state.call, { timeout: 10_000 }).toBe('idle');
      micReleased(k);
      expect(k.state.notice).toMatch(/the longest allowed\. Start a new one/);
    } finally {
      k.close();
      await relay.stop();
    }
  });
});

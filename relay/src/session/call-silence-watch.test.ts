import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { CallSilenceWatch, type CallQuietNow } from './call-silence-watch.ts';
import { CallQuiet } from './call-quiet.ts';

const S = 1000;

/** A watch over `quiet` (45 s of silence), with what it said, in fake time. */
function watch(quiet: () => CallQuietNow | null) {
  const said: string[] = [];
  const tell = (m: ServerMessage) =>
    said.push(`${Date.now() / S}: ${m.type}${'reason' in m ? ` ${m.reason}` : ''}`);
  const w = new CallSilenceWatch({
    silenceMs: 45 * S,
    quiet,
    send: tell,
    end: tell,
    now: () => Date.now(),
  });
  w.start();
  return { said, w };
}

describe('CallSilenceWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says the check-in once at 45 s, and ends the call at 90 s', async () => {
    const quiet = new CallQuiet(0);
    quiet.callLive(true);
    const { said } = watch(() => ({ quietSinceMs: quiet.quietSinceMs, busy: false }));
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(said).toEqual(['45: session.warning silence', '90: call.ended silence']);
  });

  it('waits while someone speaks, and counts from a reply’s end of playback', async () => {
    const quiet = new CallQuiet(0);
    quiet.callLive(true);
    let busy = true;
    const { said } = watch(() => ({ quietSinceMs: quiet.quietSinceMs, busy }));
    await vi.advanceTimersByTimeAsync(100 * S);
    // The reply was produced by 100 s and has 20 s of audio to play.
    quiet.replied(100 * S, 20 * S);
    busy = false;
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(said).toEqual(['165: session.warning silence', '210: call.ended silence']);
  });

  it('says nothing while the call is not watched (off, or not a call), nor once stopped', async () => {
    const off = watch(() => null);
    await vi.advanceTimersByTimeAsync(300 * S);
    expect(off.said).toEqual([]);
    const stopped = watch(() => ({ quietSinceMs: 300 * S, busy: false }));
    stopped.w.stop();
    await vi.advanceTimersByTimeAsync(300 * S);
    expect(stopped.said).toEqual([]);
  });
});

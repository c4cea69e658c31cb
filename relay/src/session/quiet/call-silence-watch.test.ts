import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import {
  CallSilenceWatch,
  GOODBYE_LINE,
  STILL_THERE_LINE,
  type WatchedCall,
} from './call-silence-watch.ts';
import { CallQuiet } from './call-quiet.ts';

const S = 1000;

/** How the fake voice says a line: produced in 1 s, with 2 s of audio (or never, or cut). */
type Voice = 'speaks' | 'hangs' | 'cut';

/**
 * A call watched for 45 s of silence, in fake time, with what the watch did: the notices it
 * sent, the lines it said (a turn of 1 s, busy meanwhile, then 2 s of audio to play) and how the
 * call ended.
 */
function watchedCall(voice: (line: string) => Voice = () => 'speaks', language?: string) {
  const quiet = new CallQuiet(0);
  quiet.callLive(true);
  const did: string[] = [];
  const log = (what: string) => did.push(`${Date.now() / S}: ${what}`);
  const told: ServerMessage[] = [];
  const tell = (m: ServerMessage) => {
    told.push(m);
    log(`${m.type}${'reason' in m ? ` ${m.reason}` : ''}`);
  };
  let saying = 0;
  const state = { busy: false };
  const call: WatchedCall = {
    quiet: () => ({
      quietSinceMs: quiet.quietSinceMs,
      spokeAtMs: quiet.spokeAtMs,
      busy: state.busy || saying > 0,
    }),
    say: async (line) => {
      log(`says "${line}"`);
      const how = voice(line);
      if (how === 'hangs') return new Promise<null>(() => undefined);
      saying++;
      await new Promise((resolve) => setTimeout(resolve, S));
      saying--;
      if (how === 'cut') {
        quiet.spoke(Date.now());
        return null;
      }
      quiet.replied(Date.now(), 2 * S);
      return Date.now() + 2 * S;
    },
    language: () => language,
  };
  const w = new CallSilenceWatch({
    silenceMs: 45 * S,
    call,
    send: tell,
    end: tell,
    now: () => Date.now(),
  });

  w.start();
  return { did, told, w, quiet, state };
}

/** What the watch did at `atS` seconds when it asked whether the user is still there. */
const asked = (atS: number, line = STILL_THERE_LINE) => [
  `${String(atS)}: session.warning silence`,
  `${String(atS)}: says "${line}"`,
];
/** It said goodbye at `atS` seconds. */
const goodbye = (atS: number, line = GOODBYE_LINE) => `${String(atS)}: says "${line}"`;
/** It ended the call at `atS` seconds. */
const ended = (atS: number) => `${String(atS)}: call.ended silence`;

describe('CallSilenceWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once at 45 s, aloud; says goodbye 45 s after the question was heard; ends once that was heard', async () => {
    const { did } = watchedCall();
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(did).toEqual([
      ...asked(45),
      // Heard until 48 (1 s to produce, 2 s of audio): the goodbye is due at 93.
      goodbye(93),
      // Heard until 96, and half a second for the page's playback.
      ended(96.5),
    ]);
  });

  it('waits while someone speaks, and counts from a reply’s end of playback', async () => {
    const { did, quiet, state } = watchedCall();
    state.busy = true;
    await vi.advanceTimersByTimeAsync(100 * S);
    // The reply was produced by 100 s and has 20 s of audio to play.
    quiet.replied(100 * S, 20 * S);
    state.busy = false;
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(did).toEqual([...asked(165), goodbye(213), ended(216.5)]);
  });

  it('asks again when the user spoke while the question was said', async () => {
    const { did, quiet } = watchedCall();
    await vi.advanceTimersByTimeAsync(45.5 * S);
    quiet.spoke(45.5 * S);
    await vi.advanceTimersByTimeAsync(100 * S);
    // From the question's end (48): asked again at 93, not ended.
    expect(did.slice(0, 4)).toEqual([...asked(45), ...asked(93)]);
  });

  it('goes on when the user answers the goodbye', async () => {
    const answered = watchedCall();
    await vi.advanceTimersByTimeAsync(95 * S);
    answered.quiet.spoke(95 * S);
    await vi.advanceTimersByTimeAsync(50 * S);
    // The goodbye's audio ends at 96: a new stretch of quiet from there.
    expect(answered.did.slice(2)).toEqual([goodbye(93), ...asked(141)]);
    answered.w.stop();
  });

  it('goes on when the user speaks over the goodbye', async () => {
    const cut = watchedCall((line) => (line === GOODBYE_LINE ? 'cut' : 'speaks'));
    await vi.advanceTimersByTimeAsync(150 * S);
    expect(cut.did.slice(2)).toEqual([goodbye(93), ...asked(139)]);
    cut.w.stop();
  });

  it('ends the call 10 s after the goodbye began when it is never said', async () => {
    const { did } = watchedCall((line) => (line === GOODBYE_LINE ? 'hangs' : 'speaks'));
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(did.slice(2)).toEqual([goodbye(93), ended(103)]);
  });

  it("asks and says goodbye in the conversation's language, and says why in it", async () => {
    const { did, told } = watchedCall(() => 'speaks', 'nl-BE');
    await vi.advanceTimersByTimeAsync(200 * S);
    expect(did).toEqual([
      ...asked(45, 'Ben je er nog?'),
      goodbye(93, 'Het is al een tijdje stil, dus ik stop het gesprek hier. Tot de volgende keer!'),
      ended(96.5),
    ]);
    expect(told.map((m) => ('message' in m ? m.message : ''))).toEqual([
      'Ben je er nog? Zeg iets of typ om verder te gaan; anders stopt het gesprek over 45 seconden.',
      'Tot de volgende keer: het gesprek was 90 seconden stil, dus het is gestopt en de microfoon ' +
        'staat uit. Druk op Praten om een nieuw gesprek te beginnen, of typ om verder te gaan.',
    ]);
  });

  it('says nothing while the call is not watched (off, or not a call), nor once stopped', async () => {
    const said: string[] = [];
    const say = (line: string) => Promise.resolve(said.push(line) && null);
    const deps = {
      silenceMs: 45 * S,
      send: (m: ServerMessage) => said.push(m.type),
      end: (m: ServerMessage) => said.push(m.type),
      now: () => Date.now(),
    };
    new CallSilenceWatch({
      ...deps,
      call: { quiet: () => null, say, language: () => undefined },
    }).start();
    await vi.advanceTimersByTimeAsync(300 * S);
    const stopped = new CallSilenceWatch({
      ...deps,
      call: {
        quiet: () => ({ quietSinceMs: 300 * S, spokeAtMs: 300 * S, busy: false }),
        say,
        language: () => undefined,
      },
    });
    stopped.start();
    stopped.stop();
    await vi.advanceTimersByTimeAsync(300 * S);
    expect(said).toEqual([]);
  });
});

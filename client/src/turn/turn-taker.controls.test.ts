import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import { TurnTaker } from './turn-taker.ts';
import { quietEvents, scenarioDeps } from './turn-taker.test-kit.ts';

/**
 * A turn-taker whose wire is a list: `start:1@6`, `audio:1#7`, `end:1..12`, `cancel:1(user)`,
 * `interrupt:1=4800`. The player is the audio output's stand-in: it reports `played` samples.
 */
function call(duplex: 'full' | 'half' = 'full') {
  const sent: string[] = [];
  const output = { stops: 0, played: 0 };
  const player = {
    pause: () => Promise.resolve(),
    resume: () => undefined,
    stop: () => {
      output.stops++;
      return Promise.resolve();
    },
    playedSamplesAt: () => output.played,
    silencedAtMs: () => 1234,
  } as unknown as AudioPlayer;
  const phases: string[] = [];
  const turns = new TurnTaker(
    scenarioDeps({
      events: quietEvents({ phase: (p) => phases.push(p) }),
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.start') sent.push(`start:${m.turnId}@${m.firstSeq}`);
        else if (m.type === 'utterance.end') sent.push(`end:${m.turnId}..${m.lastSeq}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}(${m.reason})`);
        else if (m.type === 'interrupt') sent.push(`interrupt:${m.turnId}=${m.playedSamples}`);
      },
      sendChunk: (chunk, turnId) => sent.push(`audio:${turnId}#${chunk.seq}`),
      player,
      duplex,
    }),
  );
  /** Audio from the stream's end for `ms`, in 20 ms blocks. */
  const speak = (ms: number, level = 0.3) => {
    for (let i = 0; i < ms / 20; i++) {
      const at = turns.streamEndSample;
      turns.captured(new Float32Array(320).fill(level), at, 20 * Math.log10(level));
    }
  };
  /** The VAD hears a whole utterance (start, confirmed, end) at the stream's end. */
  const vadUtterance = () => {
    const at = turns.streamEndSample;
    turns.vad({ type: 'speechStart', startSample: at, paddedStartSample: at, decidedAtSample: at });
    turns.vad({ type: 'speechRealStart', startSample: at, decidedAtSample: at });
    turns.vad({ type: 'speechEnd', endSample: at, decidedAtSample: at } as never);
  };
  /** The user's question `turnId` was asked and its reply's audio started playing. */
  const replyPlaying = (turnId: number) => {
    turns.replyAudio(turnId);
  };
  return { turns, sent, output, phases, speak, vadUtterance, replyPlaying };
}

/** Lets the player's stop (a resolved promise) and what follows it run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('TurnTaker push-to-talk', () => {
  it('sends audio only from the press to the release, one utterance per press', () => {
    const c = call();
    c.turns.setPushToTalk(true);
    // Held stream: what was captured before (hands-free, nobody speaking) is squared to a chunk.
    c.speak(250, 0.001);
    c.turns.micPaused();
    expect(c.turns.streamEndSample).toBe(3 * 1600);
    c.turns.press();
    expect(c.sent).toEqual(['start:1@3']);
    c.speak(1000);
    c.turns.release();
    // 1 s = 10 chunks (3 … 12); the release ends the utterance at once.
    expect(c.sent).toEqual([
      'start:1@3',
      ...Array.from({ length: 10 }, (_, i) => `audio:1#${3 + i}`),
      'end:1..12',
    ]);
    expect(c.turns.machine.phase).toBe('thinking');
    expect(c.turns.speechEndAtMs.get(1)).toBeGreaterThan(0);
  });

  it('pads a release inside a chunk with silence and ends there', () => {
    const c = call();
    c.turns.setPushToTalk(true);
    c.turns.press();
    c.speak(460);
    c.turns.release();
    expect(c.sent.slice(-2)).toEqual(['audio:1#4', 'end:1..4']);
    expect(c.turns.streamEndSample).toBe(5 * 1600);
  });

  it('ignores the VAD for turns: speech without a press is never sent', () => {
    const c = call();
    c.turns.setPushToTalk(true);
    c.speak(600);
    c.vadUtterance();
    c.speak(600);
    expect(c.sent).toEqual([]);
    expect(c.turns.machine.phase).toBe('listening');
  });

  it('drops a tap (under 250 ms) as the user’s cancel', () => {
    const c = call();
    c.turns.setPushToTalk(true);
    c.turns.press();
    c.speak(160);
    c.turns.release();
    expect(c.sent).toEqual(['start:1@0', 'audio:1#0', 'cancel:1(user)']);
    expect(c.turns.machine.phase).toBe('listening');
  });

  it('a press while the reply plays cuts it where it is, then the user speaks', async () => {
    const c = call('half');
    c.turns.setPushToTalk(true);
    c.turns.press();
    c.speak(500);
    c.turns.release();
    c.replyPlaying(1);
    c.output.played = 4800;
    c.turns.press();
    await settle();
    expect(c.output.stops).toBe(1);
    expect(c.sent).toContain('interrupt:1=4800');
    expect(c.turns.userInterrupts).toMatchObject([{ turnId: 1, playedSamples: 4800 }]);
    // The cut reply's late audio is dropped.
    expect(c.turns.replyAudio(1)).toBe(false);
    c.speak(500);
    c.turns.release();
    expect(c.sent.at(-1)).toMatch(/^end:2\.\./);
  });

  it('switching back to hands-free while held ends what was said', () => {
    const c = call();
    c.turns.setPushToTalk(true);
    c.turns.press();
    c.speak(600);
    c.turns.setPushToTalk(false);
    expect(c.sent.at(-1)).toBe('end:1..5');
    // The VAD decides again.
    c.vadUtterance();
    expect(c.sent.filter((m) => m.startsWith('start:'))).toEqual(['start:1@0', 'start:2@6']);
  });
});

describe('TurnTaker interrupt (a tap on the talk control, Esc)', () => {
  it('cuts the reply playing and tells the relay how much was played, in half duplex', async () => {
    const c = call('half');
    c.speak(200);
    c.vadUtterance();
    c.speak(200);
    c.replyPlaying(1);
    expect(c.turns.machine.phase).toBe('speaking');
    c.output.played = 12_345;
    c.turns.interrupt();
    await settle();
    expect(c.output.stops).toBe(1);
    expect(c.sent.at(-1)).toBe('interrupt:1=12345');
    expect(c.turns.machine.phase).toBe('listening');
    expect(c.turns.userInterrupts).toMatchObject([
      { turnId: 1, playedSamples: 12_345, silencedAtMs: 1234 },
    ]);
    expect(c.turns.bargeIns).toEqual([]);
    expect(c.turns.interruptsSent).toBe(1);
  });

  it('cancels a reply still being prepared (nothing played)', () => {
    const c = call();
    c.speak(200);
    c.vadUtterance();
    c.speak(200);
    c.turns.interrupt();
    expect(c.sent.at(-1)).toBe('interrupt:1=0');
    expect(c.output.stops).toBe(0);
    expect(c.turns.replyAudio(1)).toBe(false);
  });

  it('does nothing when there is no reply', () => {
    const c = call();
    c.turns.interrupt();
    expect(c.sent).toEqual([]);
  });
});

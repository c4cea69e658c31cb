import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import { TurnTaker } from './turn-taker.ts';
import { scenarioDeps, streamDriver } from './turn-taker.test-kit.ts';

/**
 * A call whose reply to turn 1 plays when the user says a sentence over it (turn 2) from 5.9 s of
 * the stream until its sound goes quiet in seq 70 (at 7.04 s); the relay's words of it lag: the
 * VAD has ended it with only a stale "yeah" heard (up to seq 58), so its end is held. The wire is
 * a list (`end:2`, `interrupt:1=4800`, `cancel:2(backchannel)`).
 */
function heldOverReply() {
  const sent: string[] = [];
  const player = {
    pause: () => Promise.resolve(),
    resume: () => undefined,
    stop: () => Promise.resolve(),
    playedSamplesAt: () => 4800,
    silencedAtMs: () => 1234,
  } as unknown as AudioPlayer;
  const turns = new TurnTaker(
    scenarioDeps({
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.end') sent.push(`end:${m.turnId}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}(${m.reason})`);
        else if (m.type === 'interrupt') sent.push(`interrupt:${m.turnId}=${m.playedSamples}`);
      },
      sendChunk: () => undefined,
      player,
    }),
  );
  const { vad, sound, replyPlays } = streamDriver(turns);
  const words = (text: string, coversSeq: number) => turns.words(2, { text, coversSeq });
  replyPlays();
  sent.length = 0;
  // The sentence over it, its words behind.
  sound(4864, false);
  sound(64, true);
  vad('speechStart');
  sound(640, true);
  vad('speechRealStart');
  sound(448, true);
  expect(Math.floor(turns.streamEndSample / 1600)).toBe(70);
  sound(320, false);
  vad('speechEnd');
  words('yeah', 58);
  expect(sent).toEqual([]);
  return { turns, sent, sound, words };
}

describe('TurnTaker: a sound over the reply held for its words across a reconnect (issue 63, item 9)', () => {
  it('is not dropped on its stale words while the connection is down, and the words the relay tells again once it is back take the turn', async () => {
    const c = heldOverReply();
    c.turns.linkState(false);
    // Reconnecting for longer than the 4 s the words are waited for.
    c.sound(6016, false);
    expect(c.sent).toEqual([]);
    c.turns.linkState(true);
    c.sound(512, false);
    expect(c.sent).toEqual([]);
    c.words('thank you very much', 70);
    await Promise.resolve();
    expect(c.sent).toEqual(['end:2', 'interrupt:1=4800']);
  });

  it('is dropped on the words it has once they stay behind for 4 s after the connection is back', () => {
    const c = heldOverReply();
    c.turns.linkState(false);
    c.sound(6016, false);
    c.turns.linkState(true);
    c.sound(3840, false);
    expect(c.sent).toEqual([]);
    c.sound(320, false);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
  });

  it('with the connection up all along, is dropped after 4 s of quiet, as before', () => {
    const c = heldOverReply();
    c.turns.linkState(true);
    c.sound(3520, false);
    expect(c.sent).toEqual([]);
    c.sound(320, false);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
  });
});

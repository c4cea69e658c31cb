import { describe, expect, it } from 'vitest';
import type { BargeInRule, ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import type { OverReplyMark } from './turn-trace.ts';
import { TurnTaker } from './turn-taker.ts';
import { quietEvents, scenarioDeps, streamDriver } from './turn-taker.test-kit.ts';

/**
 * A call whose reply to turn 1 is playing when the user makes a sound over it. The wire is a
 * list (`cancel:2(backchannel)`, `interrupt:1=4800`, `end:2`), the player counts its ducks and
 * resumes, and the debug panel's marks for turn 1 are kept.
 */
function overReply(bargeIn?: BargeInRule, language?: string) {
  const sent: string[] = [];
  const output = { pauses: 0, resumes: 0, stops: 0 };
  const marks: OverReplyMark[][] = [];
  /** Each utterance start, and whether it was said over the reply. */
  const starts: string[] = [];
  const player = {
    pause: () => {
      output.pauses++;
      return Promise.resolve();
    },
    resume: () => {
      output.resumes++;
    },
    stop: () => {
      output.stops++;
      return Promise.resolve();
    },
    playedSamplesAt: () => 4800,
    silencedAtMs: () => 1234,
  } as unknown as AudioPlayer;
  const turns = new TurnTaker(
    scenarioDeps({
      events: quietEvents({
        trace: (_, u) => {
          if (u.overReply) marks.push(u.overReply);
        },
      }),
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.start')
          starts.push(`${m.turnId}${m.overReply === true ? ' over the reply' : ''}`);
        if (m.type === 'utterance.end') sent.push(`end:${m.turnId}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}(${m.reason})`);
        else if (m.type === 'interrupt') sent.push(`interrupt:${m.turnId}=${m.playedSamples}`);
        else if (m.type === 'utterance.pause') sent.push(`pause:${m.turnId}`);
      },
      sendChunk: () => undefined,
      player,
      ...(bargeIn ? { bargeIn } : {}),
      ...(language === undefined ? {} : { language }),
    }),
  );
  const { vad, sound, replyPlays } = streamDriver(turns);
  replyPlays();
  sent.length = 0;
  const words = (text: string) => turns.words(2, { text });
  return { turns, sent, output, marks, starts, vad, sound, words };
}

describe('TurnTaker: a sound over the reply, judged by its words', () => {
  it('lets the reply go on after "yeah yeah": un-ducked, the utterance dropped as a backchannel', () => {
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    expect(c.output.pauses).toBe(1);
    c.sound(300, true);
    c.words('yeah');
    c.sound(300, true);
    c.vad('speechRealStart');
    c.words('yeah yeah');
    expect(c.output.resumes).toBe(0);
    c.sound(160, false);
    expect(c.output.resumes).toBe(1);
    c.sound(300, false);
    c.vad('speechEnd');
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
    expect(c.output.stops).toBe(0);
    // Its words were wanted at once (the relay does not throttle them).
    expect(c.starts).toEqual(['1', '2 over the reply']);
    expect(c.marks.at(-1)).toMatchObject([{ action: 'resume', reason: 'backchannel "yeah yeah"' }]);
  });

  it('stops the reply on "wait" as soon as the word is heard, and the utterance is a turn', async () => {
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(200, true);
    c.words('wait');
    await Promise.resolve();
    expect(c.output.stops).toBe(1);
    expect(c.sent).toEqual(['interrupt:1=4800']);
    expect(c.marks.at(-1)).toMatchObject([{ action: 'stop', reason: 'stop word "wait"' }]);
    // A barge-in (the latency panel's), not a control's interrupt.
    expect(c.turns.bargeIns).toHaveLength(1);
    expect(c.turns.userInterrupts).toHaveLength(0);
    c.sound(300, true);
    c.vad('speechEnd');
    c.sound(200, false);
    expect(c.sent).toEqual(['interrupt:1=4800', 'end:2']);
  });

  it('ends a short "no" (a misfire for the VAD) as a turn that stops the reply', async () => {
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(96, true);
    c.words('no');
    await Promise.resolve();
    c.sound(200, false);
    c.vad('misfire');
    c.sound(200, false);
    // Once the reply is cut, the pause is reported as in any turn.
    expect(c.sent).toEqual(['interrupt:1=4800', 'pause:2', 'end:2']);
  });

  it('gives the reply back after a wordless laugh, and asks no speculative answer', () => {
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(600, true);
    c.vad('speechRealStart');
    c.sound(300, false);
    expect(c.output.resumes).toBe(1);
    expect(c.sent).toEqual([]);
    c.vad('speechEnd');
    // Its words may be late: the end waits 1.5 s for them, then the utterance is dropped.
    c.sound(1400, false);
    expect(c.sent).toEqual([]);
    c.sound(200, false);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
  });

  it('cuts the reply when a short "stop" is heard only after the VAD let it go', async () => {
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(256, true);
    c.sound(300, false);
    c.vad('misfire');
    expect(c.sent).toEqual([]);
    c.sound(500, false);
    c.words('stop');
    await Promise.resolve();
    c.sound(200, false);
    // The held end goes out at once; the interrupt once the player has stopped.
    expect(c.sent).toEqual(['end:2', 'interrupt:1=4800']);
  });

  it('asks the relay for no reading of a sound whose words were too few (issue 61)', () => {
    // awb's "uh huh" over a reply: the listener heard "but". Moonshine reads the whole sound
    // "No, no," (and rms's "yeah yeah" "You have no."): asked, the reading stopped the reply.
    const c = overReply();
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(256, true);
    c.words('but');
    c.sound(300, false);
    c.vad('speechEnd');
    c.sound(1600, false);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
    expect(c.output.stops).toBe(0);
  });

  it('under "stop at any sound", confirmed speech stops the reply whatever it says', async () => {
    const c = overReply('any-sound');
    c.sound(64, true);
    c.vad('speechStart');
    c.words('yeah');
    c.sound(224, true);
    c.vad('speechRealStart');
    await Promise.resolve();
    expect(c.sent).toEqual(['interrupt:1=4800']);
    expect(c.marks.at(-1)).toMatchObject([
      { action: 'stop', reason: 'stop at any sound: speech over the reply' },
    ]);
  });
});

describe('TurnTaker: a sound over the reply whose words lag it (issue 63, item 9)', () => {
  /**
   * A sentence said over the reply from 5.9 s of the stream until its sound goes quiet in seq
   * 70 (at 7.04 s), its words late: the VAD has ended it, no words yet, so its end is held.
   */
  function lateWords() {
    const c = overReply();
    c.sound(4864, false);
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(640, true);
    c.vad('speechRealStart');
    c.sound(448, true);
    expect(Math.floor(c.turns.streamEndSample / 1600)).toBe(70);
    c.sound(320, false);
    c.vad('speechEnd');
    expect(c.sent).toEqual([]);
    const words = (text: string, coversSeq: number) => c.turns.words(2, { text, coversSeq });
    return { ...c, words };
  }

  it('holds its end on a stale "yeah" (its words reach seq 58 of 70), and the words that reach its end take the turn', async () => {
    const c = lateWords();
    c.words('yeah', 58);
    c.sound(960, false);
    expect(c.sent).toEqual([]);
    c.words('thank you very much', 70);
    await Promise.resolve();
    expect(c.sent).toEqual(['end:2', 'interrupt:1=4800']);
    expect(c.output.stops).toBe(1);
  });

  it('drops a "yeah" whose words reach the sound’s end at once, as before', () => {
    const c = lateWords();
    c.words('yeah', 70);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
  });

  it('drops it once its words catch up as a backchannel, the panel’s marks as for any', () => {
    const c = lateWords();
    c.words('yeah', 58);
    const marks = c.marks.at(-1)?.length;
    c.words('yeah yeah', 70);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
    expect(c.marks.at(-1)?.length).toBe(marks);
  });

  it('drops it on the words it has once they stay behind for 4 s of quiet, and the debug panel says so', () => {
    const c = lateWords();
    c.words('yeah', 58);
    c.sound(3520, false);
    expect(c.sent).toEqual([]);
    c.sound(320, false);
    expect(c.sent).toEqual(['cancel:2(backchannel)']);
    expect(c.marks.at(-1)?.at(-1)).toMatchObject({
      action: 'resume',
      reason: 'backchannel "yeah", its words still 1140 ms behind the sound',
    });
  });
});

describe('TurnTaker: a sound over the reply in the conversation’s language (issue 62)', () => {
  /** Says `words` over the reply for 500 ms, then goes quiet: what went to the relay. */
  async function say(c: ReturnType<typeof overReply>, words: string) {
    c.sound(64, true);
    c.vad('speechStart');
    c.sound(200, true);
    c.words(words);
    await Promise.resolve();
    c.sound(300, true);
    c.vad('speechRealStart');
    await Promise.resolve();
    c.sound(300, false);
    c.vad('speechEnd');
    c.sound(200, false);
    return c.sent;
  }

  it('stops the reply on "wacht" in Dutch, and lets it go on after "ja, precies"', async () => {
    expect(await say(overReply('words', 'nl-NL'), 'wacht')).toEqual([
      'interrupt:1=4800',
      'pause:2',
      'end:2',
    ]);
    const yes = overReply('words', 'nl');
    expect(await say(yes, 'ja precies')).toEqual(['cancel:2(backchannel)']);
    expect(yes.output.stops).toBe(0);
    expect(yes.marks.at(-1)).toMatchObject([
      { action: 'resume', reason: 'backchannel "ja precies"' },
    ]);
  });

  it('reads the words of the language set later (the user saved their preference)', async () => {
    // In English "wacht" is no stop: the reply goes on.
    expect(await say(overReply(), 'wacht')).not.toContain('interrupt:1=4800');
    const c = overReply();
    c.turns.setLanguage('nl');
    expect(await say(c, 'wacht')).toContain('interrupt:1=4800');
  });

  it('stops on confirmed speech in a language without words, and the debug panel says so', async () => {
    const c = overReply('words', 'de');
    expect(await say(c, 'ja genau')).toEqual(['interrupt:1=4800', 'pause:2', 'end:2']);
    expect(c.marks.at(-1)).toMatchObject([
      { action: 'stop', reason: "no barge-in words for 'de': speech over the reply" },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { judgeBargeIn, type SoundOverReply } from './barge-in-policy.ts';

/** A sound over the reply: `words` heard, `elapsedMs` since its onset, still going on. */
function sound(words: string, elapsedMs: number, more: Partial<SoundOverReply> = {}) {
  return { elapsedMs, silentForMs: 0, ended: false, speech: elapsedMs >= 400, words, ...more };
}
const dutch = (s: SoundOverReply) => judgeBargeIn(s, 'words', { language: 'nl-NL' });

describe('judgeBargeIn in Dutch', () => {
  it.each(['wacht', 'stop', 'nee', 'momentje', 'nee, ik bedoelde de andere', 'sorry, wat zei je?'])(
    'stops at once for the stop word in %j',
    (words) => {
      const d = dutch(sound(words, 300));
      expect(d.action).toBe('stop');
      expect(d.reason).toMatch(/^stop word "/);
    },
  );

  it.each(['laat maar', 'hou op', 'een moment', 'niet doen'])(
    'stops for the stop phrase %j, though no word of it stops alone',
    (words) => {
      expect(dutch(sound(words, 500))).toEqual({ action: 'stop', reason: `stop words "${words}"` });
    },
  );

  it.each([
    'ja',
    'jaja',
    'hm-hm',
    'hm hm',
    'oké',
    'precies',
    'klopt',
    'ja precies',
    'o ja',
    'ik snap het',
    'dat klopt',
    'wat leuk',
    'haha',
  ])('resumes for the backchannel %j once it is quiet, and waits while it goes on', (words) => {
    expect(dutch(sound(words, 600)).action).toBe('wait');
    const over = dutch(sound(words, 700, { silentForMs: 120 }));
    expect(over).toEqual({ action: 'resume', reason: `backchannel "${words}"` });
    expect(dutch(sound(words, 800, { ended: true })).action).toBe('resume');
  });

  it('stops for a question or for words that are no backchannel', () => {
    expect(dutch(sound('hoeveel kost het', 450))).toEqual({
      action: 'stop',
      reason: 'a question "hoeveel kost het"',
    });
    expect(dutch(sound('kun je dat herhalen', 500)).reason).toBe(
      'a question "kun je dat herhalen"',
    );
    expect(dutch(sound('vertel me meer', 500)).reason).toBe('a question "vertel me meer"');
    expect(dutch(sound('het weer morgen in utrecht', 900)).reason).toBe(
      'words "het weer morgen in utrecht"',
    );
    // A question word heard first takes the turn while it goes on (speech, still loud), unless
    // a backchannel opens with it ("wat leuk"); alone in a short sound, its pitch decides.
    expect(dutch(sound('waarom', 400)).action).toBe('stop');
    expect(dutch(sound('waarom', 300)).action).toBe('wait');
    expect(dutch(sound('hoe', 600, { silentForMs: 240, pitch: 'falling' })).action).toBe('resume');
    expect(dutch(sound('hoe', 600, { silentForMs: 240, pitch: 'rising' })).action).toBe('stop');
    expect(dutch(sound('wat', 300)).action).toBe('wait');
    expect(dutch(sound('wat bedoel', 450)).action).toBe('stop');
  });

  it('reads English words as English and Dutch ones as Dutch', () => {
    // "wacht" is nothing in English; "wait" nothing in Dutch.
    expect(judgeBargeIn(sound('wacht', 300), 'words').action).toBe('wait');
    expect(judgeBargeIn(sound('wait', 300), 'words').action).toBe('stop');
    expect(dutch(sound('wait', 300)).action).toBe('wait');
    expect(dutch(sound('ja', 700, { silentForMs: 120 })).action).toBe('resume');
  });
});

describe('judgeBargeIn in a language without words', () => {
  const german = (s: SoundOverReply) => judgeBargeIn(s, 'words', { language: 'de' });

  it('stops for speech the VAD confirmed, whatever its words', () => {
    expect(german(sound('ja genau', 450))).toEqual({
      action: 'stop',
      reason: "no barge-in words for 'de': speech over the reply",
    });
  });

  it('gives a short sound back once it is quiet, and waits for the VAD meanwhile', () => {
    expect(german(sound('halt', 200))).toEqual({
      action: 'wait',
      reason: "no barge-in words for 'de': waiting for the VAD",
    });
    expect(german(sound('', 300, { silentForMs: 240 }))).toEqual({
      action: 'resume',
      reason: "no barge-in words for 'de': a short sound",
      unsure: true,
    });
  });
});

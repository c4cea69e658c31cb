import { describe, expect, it } from 'vitest';
import { judgeBargeIn, type SoundOverReply } from './barge-in-policy.ts';

/** A sound over the reply: `words` heard, `elapsedMs` since its onset, still going on. */
function sound(words: string, elapsedMs: number, more: Partial<SoundOverReply> = {}) {
  return { elapsedMs, silentForMs: 0, ended: false, speech: elapsedMs >= 400, words, ...more };
}
const judge = (s: SoundOverReply) => judgeBargeIn(s, 'words');

describe('judgeBargeIn (words decide)', () => {
  it.each(['wait', 'stop', 'no', 'hold on', 'no, I meant the other one', 'sorry, what?'])(
    'stops at once for %j, long before the VAD would confirm speech',
    (words) => {
      const d = judge(sound(words, 300));
      expect(d.action).toBe('stop');
      expect(d.reason).toMatch(/^stop word "/);
    },
  );

  it('stops for a question or any words that are not a backchannel', () => {
    expect(judge(sound('what about tuesday', 450))).toEqual({
      action: 'stop',
      reason: 'a question "what about tuesday"',
    });
    expect(judge(sound('tell me more', 450)).reason).toBe('words "tell me more"');
    expect(judge(sound('yeah and the weather', 700)).action).toBe('stop');
  });

  it.each(['yeah', 'yeah yeah', 'uh-huh', 'mm hmm', 'I see', 'right', 'okay', 'sure', 'ha ha ha'])(
    'resumes for the backchannel %j once it is quiet, and waits while it goes on',
    (words) => {
      expect(judge(sound(words, 600)).action).toBe('wait');
      const over = judge(sound(words, 700, { silentForMs: 120 }));
      expect(over.action).toBe('resume');
      expect(over.reason).toMatch(/^backchannel "/);
      expect(judge(sound(words, 800, { ended: true })).action).toBe('resume');
    },
  );

  it('waits on the first word of a backchannel phrase ("I" of "I see"), stops when more follows', () => {
    expect(judge(sound('i', 300)).action).toBe('wait');
    expect(judge(sound('i see', 500, { silentForMs: 150 })).action).toBe('resume');
    expect(judge(sound('i want', 500)).action).toBe('stop');
    expect(judge(sound('i', 500, { ended: true })).action).toBe('stop');
  });

  it('resumes after a wordless sound (a cough, a laugh) once the recogniser has had its time', () => {
    expect(judge(sound('', 300)).action).toBe('wait');
    // Quiet, but the words of a short "stop" may still be on their way.
    expect(judge(sound('', 400, { silentForMs: 150 })).action).toBe('wait');
    expect(judge(sound('', 500, { silentForMs: 240 }))).toEqual({
      action: 'resume',
      reason: 'a sound with no words (a cough, a laugh, a noise)',
    });
    expect(judge(sound('', 1000, { ended: true })).action).toBe('resume');
  });

  it('takes long speech for an interruption: wordless past 1.5 s, a backchannel past 2.5 s', () => {
    expect(judge(sound('', 1400)).action).toBe('wait');
    expect(judge(sound('', 1500)).reason).toBe('speech with no words heard yet');
    expect(judge(sound('', 1500, { speech: false })).action).toBe('wait');
    expect(judge(sound('yeah yeah yeah', 2400)).action).toBe('wait');
    expect(judge(sound('yeah yeah yeah', 2500)).action).toBe('stop');
  });
});

describe('judgeBargeIn (stop at any sound)', () => {
  it('stops once the VAD confirms speech, whatever was said, and waits before', () => {
    expect(judgeBargeIn(sound('yeah', 300, { speech: false }), 'any-sound').action).toBe('wait');
    expect(judgeBargeIn(sound('yeah', 450), 'any-sound')).toEqual({
      action: 'stop',
      reason: 'stop at any sound: speech over the reply',
    });
  });
});

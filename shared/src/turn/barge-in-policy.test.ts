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
    expect(judge(sound('tell me more', 450)).reason).toBe('a question "tell me more"');
    expect(judge(sound('that is wrong', 700)).reason).toBe('stop word "wrong"');
    expect(judge(sound('the weather tomorrow', 900)).reason).toBe('words "the weather tomorrow"');
    // Stray function words are no turn ("that makes sense" heard on its way as "but i'm a").
    expect(judge(sound("but i'm a", 800)).action).toBe('wait');
    expect(judge(sound('yeah and the weather today', 900)).action).toBe('stop');
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
    expect(judge(sound('i want', 500)).action).toBe('wait');
    expect(judge(sound('i want to', 700)).action).toBe('stop');
  });

  it('never stops on a last word the recogniser may still revise, unless it asks to stop', () => {
    // What PocketSphinx heard of "okay okay", "I see I see" and "yeah" as they were said.
    for (const words of ['the', 'okay old', 'i see ice', 'he', 'shh'])
      expect(judge(sound(words, 500)).action).toBe('wait');
    expect(judge(sound('okay okay', 900, { silentForMs: 120 })).action).toBe('resume');
    // The words did not settle into a backchannel by the time the sound is over: not a turn.
    expect(judge(sound('the', 700, { silentForMs: 240 }))).toEqual({
      action: 'resume',
      reason: 'too few words to take the turn "the"',
      unsure: true,
    });
    expect(judge(sound('roy', 700, { ended: true })).action).toBe('resume');
    // Over, the last word counts: "I have a question" is a turn, "m m a" is no more than a hum.
    expect(judge(sound('i have a question', 1500, { ended: true })).action).toBe('stop');
    expect(judge(sound('i have a question', 1200)).action).toBe('wait');
    expect(judge(sound('m m a', 900, { ended: true })).action).toBe('resume');
    expect(judge(sound('whoa wait', 400)).action).toBe('stop');
  });

  it('resumes after a wordless sound (a cough, a laugh) once the recogniser has had its time', () => {
    expect(judge(sound('', 300)).action).toBe('wait');
    // Quiet, but the words of a short "stop" may still be on their way.
    expect(judge(sound('', 400, { silentForMs: 150 })).action).toBe('wait');
    expect(judge(sound('', 500, { silentForMs: 240 }))).toEqual({
      action: 'resume',
      reason: 'a sound with no words (a cough, a laugh, a noise)',
      unsure: true,
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

describe('judgeBargeIn (what the bench taught, issue 52)', () => {
  it('stops on a question word heard first while the sound goes on, not on an auxiliary', () => {
    // PocketSphinx's "why" of "why is that" came ~240 ms before "why is": once the sound is
    // speech and goes on, more words are coming.
    expect(judge(sound('why', 400))).toEqual({ action: 'stop', reason: 'a question "why"' });
    expect(judge(sound('how', 450)).action).toBe('stop');
    expect(judge(sound('why is', 300)).action).toBe('stop');
    // Its stray first word of an "uh huh uh huh" was "are", of "hang on" "can".
    expect(judge(sound('are', 300)).action).toBe('wait');
    expect(judge(sound('can', 350)).action).toBe('wait');
    // Once the sound is over a lone question word is too few (a revised "wow").
    expect(judge(sound('why', 600, { ended: true })).action).toBe('resume');
  });

  it('waits on a lone question word of a short sound: its pitch decides once it is over (issue 61)', () => {
    // Held out: Flite's "uh huh" (slt, ~220 ms loud) heard as "how", ~300 ms after its onset.
    expect(judge(sound('how', 300)).action).toBe('wait');
    // Speech by length, but gone quiet after one word: no more words are coming yet.
    expect(judge(sound('how', 450, { silentForMs: 60 })).action).toBe('wait');
    const over = { silentForMs: 240, speech: false };
    expect(judge(sound('how', 540, { ...over, pitch: 'falling' }))).toEqual({
      action: 'resume',
      reason: 'too few words to take the turn "how"',
      unsure: true,
    });
    expect(judge(sound('how', 540, { ...over, pitch: 'level' })).action).toBe('resume');
    expect(judge(sound('why', 700, { ended: true, pitch: 'unknown' })).action).toBe('resume');
    // "Why?" said as a question: the voice rose.
    expect(judge(sound('why', 540, { ...over, pitch: 'rising' }))).toEqual({
      action: 'stop',
      reason: 'a question "why", the voice rising',
    });
    expect(judge(sound('what', 700, { ended: true, pitch: 'rising' })).action).toBe('stop');
    // A rising backchannel is still one, and a rise alone is no question ("yeah?", "the").
    expect(judge(sound('yeah', 700, { ended: true, pitch: 'rising' })).action).toBe('resume');
    expect(judge(sound('the', 700, { ended: true, pitch: 'rising' })).action).toBe('resume');
  });

  it('stops on a lone word said rising, long enough for speech, though the recogniser misheard it (issue 61)', () => {
    // Tuned set: awb's "pause" (~440 ms loud, its voice rising), heard "boris", then "boys":
    // no stop word, no spotting, and Moonshine reads nothing of it.
    const over = { silentForMs: 240, speech: true };
    expect(judge(sound('boris', 700, { ...over, pitch: 'rising' }))).toEqual({
      action: 'stop',
      reason: 'a lone word asked "boris", the voice rising',
    });
    expect(judge(sound('boys', 900, { ended: true, speech: true, pitch: 'rising' })).action).toBe(
      'stop',
    );
    // Said falling or level, a lone misheard word is no question ("cool" heard "carol").
    for (const pitch of ['falling', 'level', 'unknown'] as const)
      expect(judge(sound('carol', 700, { ...over, pitch })).action).toBe('resume');
    // Not while it may go on, not of a sound too short for speech, not a rising backchannel
    // or a stray function word.
    expect(judge(sound('boris', 500, { silentForMs: 100, pitch: 'rising' })).action).toBe('wait');
    expect(judge(sound('truth', 500, { ...over, speech: false, pitch: 'rising' })).action).toBe(
      'resume',
    );
    expect(judge(sound('cool', 700, { ...over, pitch: 'rising' })).action).toBe('resume');
    expect(judge(sound('but', 700, { ...over, pitch: 'rising' })).action).toBe('resume');
  });

  it('gives back a level hum heard as words once it is quiet, until its reading says what it was (issue 61)', () => {
    // Held out: "hmm" (Flite kal16) heard as "edge around i" just after it went quiet.
    const hum = sound('edge around i', 870, { silentForMs: 70, pitch: 'level' });
    expect(judge(hum)).toMatchObject({ action: 'resume', unsure: true });
    expect(judge({ ...hum, silentForMs: 300 })).toMatchObject({ action: 'resume', unsure: true });
    // The reading of the whole sound decides: words that take the turn stop it.
    const read = { ...hum, silentForMs: 300, words: 'i have a question', read: true };
    expect(judge(read).action).toBe('stop');
    // Speech rises and falls over its words; and while the sound is loud, words stop it.
    expect(judge({ ...hum, pitch: 'falling' }).action).toBe('stop');
    expect(judge(sound('edge around i', 870)).action).toBe('stop');
    // A stop word or a question is no hum, however level the voice.
    expect(judge({ ...hum, words: 'stop it now' }).action).toBe('stop');
    expect(judge({ ...hum, words: 'what about tomorrow' }).action).toBe('stop');
  });

  it('stops on a level hum’s words when its reading, asked, has not come within the wait (issue 61)', () => {
    // A real interruption said in a level voice, its words come once it is quiet, to a
    // recogniser that reads nothing of the whole sound (its reading never comes).
    const level = sound('i need the other recipe', 1400, { silentForMs: 300, pitch: 'level' });
    // Not asked yet (the segment still open), or asked and still due: given back, unsure.
    expect(judge(level)).toMatchObject({ action: 'resume', unsure: true });
    expect(judge({ ...level, readingAskedMs: 999 })).toMatchObject({ action: 'resume' });
    expect(judge({ ...level, readingAskedMs: 1000 })).toEqual({
      action: 'stop',
      reason: 'words "i need the other recipe", no reading of it came',
    });
    expect(
      judgeBargeIn({ ...level, readingAskedMs: 400 }, 'words', { readingWaitMs: 400 }).action,
    ).toBe('stop');
    // A reading that came decides, however late.
    const hum = { ...level, words: 'h m m', read: true, readingAskedMs: 1200 };
    expect(judge(hum)).toMatchObject({ action: 'resume', reason: 'backchannel "h m m"' });
  });

  it('takes a word said again at once for a laugh or a backchannel, not for a request', () => {
    // PocketSphinx's "ha ha ha" and "mm hmm", and three words that are not repeated.
    expect(judge(sound('love love love', 1100, { ended: true })).action).toBe('resume');
    expect(judge(sound('m m air tran', 900)).action).toBe('wait');
    expect(judge(sound('l l d', 800, { ended: true })).action).toBe('resume');
    expect(judge(sound('the weather tomorrow', 900)).action).toBe('stop');
    // Its stop words still stop: "no no no".
    expect(judge(sound('no no no', 400)).action).toBe('stop');
  });

  it('hears "fair enough" as a backchannel, "enough" alone as a stop', () => {
    expect(judge(sound('fair enough', 800, { silentForMs: 120 })).action).toBe('resume');
    expect(judge(sound('fair enough', 600)).action).toBe('wait');
    expect(judge(sound('enough', 400)).action).toBe('stop');
    expect(judge(sound('fair enough wait', 900)).action).toBe('stop');
  });

  it('stops on a stop phrase the keyword spotter heard, unless the words heard out are a backchannel', () => {
    // "pause" read by the recogniser as "boris": the spotter heard it.
    expect(judge(sound('boris', 300, { spotted: ['pause'] }))).toEqual({
      action: 'stop',
      reason: 'spotted "pause"',
    });
    expect(judge(sound('', 250, { spotted: ['hold on'] })).reason).toBe('spotted "hold on"');
    // A stop word heard in the words says so itself.
    expect(judge(sound('wait', 300, { spotted: ['wait'] })).reason).toBe('stop word "wait"');
    // A backchannel heard out stands: the spotter hears sounds, not meaning.
    expect(judge(sound('yeah', 600, { silentForMs: 120, spotted: ['quiet'] })).action).toBe(
      'resume',
    );
    expect(judge(sound('boris', 300, { spotted: [] })).action).toBe('wait');
  });

  it.each(['never mind', 'one moment', 'just a second please'])(
    'stops for %j, though no word of it alone asks to',
    (words) => {
      expect(judge(sound(words, 700)).reason).toMatch(/^stop words "/);
    },
  );
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

describe('judgeBargeIn: words that do not reach the sound’s end (issue 63, item 9)', () => {
  it('gives the reply back for a backchannel as soon as before, but unsure: its end waits for words that reach it', () => {
    expect(judge(sound('yeah', 1500, { silentForMs: 120, uncoveredMs: 1140 }))).toEqual({
      action: 'resume',
      reason: 'backchannel "yeah" so far, its words 1140 ms behind the sound',
      unsure: true,
      awaitsWords: true,
    });
    const wordless = judge(sound('', 1500, { ended: true, silentForMs: 300, uncoveredMs: 1140 }));
    expect(wordless).toMatchObject({ action: 'resume', unsure: true, awaitsWords: true });
  });

  it('decides as before once its words reach its end, or have stayed behind for 4 s of quiet', () => {
    const over = { ended: true, silentForMs: 300 };
    expect(judge(sound('yeah', 1500, { ...over, uncoveredMs: 0 }))).toEqual({
      action: 'resume',
      reason: 'backchannel "yeah"',
    });
    // Not known (a recogniser that does not say): as before.
    expect(judge(sound('yeah', 1500, over)).reason).toBe('backchannel "yeah"');
    expect(
      judge(sound('yeah', 1500, { ended: true, silentForMs: 4000, uncoveredMs: 1140 })),
    ).toEqual({
      action: 'resume',
      reason: 'backchannel "yeah", its words still 1140 ms behind the sound',
    });
  });

  it('stops at once on words that stop it, whether they reach its end or not', () => {
    expect(judge(sound('wait', 600, { silentForMs: 120, uncoveredMs: 900 }))).toEqual({
      action: 'stop',
      reason: 'stop word "wait"',
    });
  });

  it('takes the turn on "thank you very much" once the sound is over: no "very good" is being said', () => {
    expect(judge(sound('thank you very', 1200)).action).toBe('wait');
    expect(judge(sound('thank you very much', 1500, { ended: true, silentForMs: 300 }))).toEqual({
      action: 'stop',
      reason: 'words "thank you very much"',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { talk } from './turn-machine.test-kit.ts';

/** The reply of turn 1 plays; the user makes a sound over it from t = 1000 ms. */
function overReply() {
  return talk().user(1).replyPlays(1).clear().loudAt(1000).speechStartsAt(1030);
}

/** Speech-like VAD frames every 32 ms up to `toMs`; the VAD confirms speech at 1430 ms. */
function speaks(t: ReturnType<typeof overReply>, toMs: number) {
  for (let ms = 1062; ms <= toMs; ms += 32) {
    t.loudFrameAt(ms);
    if (ms === 1414) t.confirmed(1430);
  }
  return t.loudFrameAt(toMs);
}

describe('TurnMachine: words decide whether a sound over the reply stops it', () => {
  it('gives the reply back after "yeah yeah" (any length), and drops the utterance', () => {
    const t = speaks(overReply(), 1600).heard('yeah yeah', 1600).at(1700);
    expect(t.effects).toEqual(['pause-playback', 'forward']);
    t.at(1730);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
    expect(t.reasons).toEqual(['resume: backchannel "yeah yeah" (730 ms)']);
    expect(t.m.phase).toBe('speaking');
    // The VAD's segment closes later: the utterance is no turn, the reply goes on.
    t.ends(2, 2100);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback', 'drop-utterance']);
    expect(t.m.phase).toBe('speaking');
    t.clear().drained();
    expect(t.m.phase).toBe('listening');
  });

  it('stops the reply on "wait" within the words\' arrival, long before 400 ms of speech', () => {
    const t = overReply().loudFrameAt(1100).heard('wait', 1290);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1']);
    expect(t.reasons).toEqual(['stop: stop word "wait" (290 ms)']);
    expect(t.m.phase).toBe('user-speaking');
    t.confirmed(1430).ends(2, 1900);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1', 'forward']);
    expect(t.m.phase).toBe('thinking');
  });

  it('stops the reply on a stop phrase the relay spotted where its words missed it, and keeps it after', () => {
    // "pause" read as "boris": the spotter heard it.
    const t = overReply().loudFrameAt(1100).heard('boris', 1280, ['pause']);
    expect(t.reasons).toEqual(['stop: spotted "pause" (280 ms)']);
    expect(t.effects).toContain('barge-in:1');
    // A spotting before any words stops it too.
    const later = overReply().loudFrameAt(1100).heard('', 1250, ['hold on']).clear();
    expect(later.reasons).toEqual(['stop: spotted "hold on" (250 ms)']);
    const none = overReply().loudFrameAt(1100).heard('boris', 1280);
    expect(none.effects).not.toContain('barge-in:1');
  });

  it('stops it for a question, and for a short "no" the VAD would have called a misfire', () => {
    const q = overReply().heard('what about', 1400);
    expect(q.effects).toContain('barge-in:1');
    expect(q.reasons).toEqual(['stop: a question "what about" (400 ms)']);
    // The turn-taker ends a misfire with words heard as an utterance: the last judgement cuts.
    const no = overReply().heard('no', 1200).clear();
    expect(no.effects).toEqual([]);
    expect(no.reasons).toEqual(['stop: stop word "no" (200 ms)']);
    const late = overReply().loudFrameAt(1250).at(1300).clear();
    late.ends(2, 1300);
    expect(late.effects).toEqual(['resume-playback', 'hold-end']);
  });

  it('gives the reply back after a short sound heard as a lone "how", unless its voice rose (issue 61)', () => {
    // Held out: Flite's "uh huh" over a reply, ~220 ms loud, heard as "how" once it was over.
    const asked: [number, number][] = [];
    const shortHow = (pitch: 'falling' | 'rising') =>
      talk('full', 'words', (from, to) => {
        asked.push([from, to]);
        return pitch;
      })
        .user(1)
        .replyPlays(1)
        .clear()
        .loudAt(1000)
        .speechStartsAt(1030)
        .loudFrameAt(1100)
        .loudFrameAt(1220)
        .heard('how', 1300);
    const falling = shortHow('falling');
    expect(falling.effects).toEqual(['pause-playback', 'forward']);
    falling.at(1460);
    expect(falling.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
    expect(falling.reasons).toEqual(['resume: too few words to take the turn "how" (460 ms)']);
    // Its pitch was read over the sound, from its onset to its last loud frame.
    expect(asked).toContainEqual([1000, 1220]);
    const rising = shortHow('rising').at(1460);
    expect(rising.effects).toContain('barge-in:1');
    expect(rising.reasons).toEqual(['stop: a question "how", the voice rising (460 ms)']);
  });

  it('gives the reply back for a level hum heard as words once quiet; its reading decides (issue 61)', () => {
    // Held out: Flite's "hmm", ~800 ms loud, heard as "edge around i" just after it went quiet.
    const hum = () => {
      const t = talk('full', 'words', () => 'level')
        .user(1)
        .replyPlays(1)
        .clear()
        .loudAt(1000);
      t.speechStartsAt(1030);
      for (let at = 1100; at <= 1800; at += 100) t.loudFrameAt(at);
      return t.heard('edge around i', 1870);
    };
    const heardOut = hum();
    expect(heardOut.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
    expect(heardOut.reasons).toEqual(['resume: a level hum heard as "edge around i" (870 ms)']);
    // Its end is held, the relay asked to read the whole sound (hold-end:read).
    expect(hum().ends(2, 2000).effects.at(-1)).toBe('hold-end:read');
    // The relay's reading of the whole sound: "hmm" leaves the reply playing, words stop it.
    expect(hum().reads('hmm', 2100).effects).not.toContain('barge-in:1');
    const asked = hum().reads('i have a question', 2100);
    expect(asked.effects).toContain('barge-in:1');
    expect(asked.reasons.at(-1)).toBe('stop: words "i have a question" (1100 ms)');
  });

  it('cuts the reply on a level voice’s words when the relay’s reading of it never comes (issue 61)', () => {
    // A real interruption said in a level voice, its words heard once it went quiet, to a
    // recogniser that reads nothing of the whole sound: given back, held, then cut.
    const t = talk('full', 'words', () => 'level')
      .user(1)
      .replyPlays(1)
      .clear()
      .loudAt(1000);
    t.speechStartsAt(1030);
    for (let at = 1100; at <= 1800; at += 100) t.loudFrameAt(at);
    t.heard('i need the other recipe', 1870).ends(2, 2300);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback', 'hold-end:read']);
    t.at(3299);
    expect(t.effects).not.toContain('barge-in:1');
    t.at(3300);
    expect(t.effects.slice(-2)).toEqual(['barge-in:1', 'release-end']);
    expect(t.reasons.at(-1)).toBe(
      'stop: words "i need the other recipe", no reading of it came (2300 ms)',
    );
    expect(t.m.phase).toBe('thinking');
  });

  it('holds the end of a sound whose words are late: "stop" heard after it still cuts the reply', () => {
    const t = overReply().loudFrameAt(1350).misfires().clear();
    // (The turn-taker ends a sound over the reply as speech, for its words.)
    const held = overReply().loudFrameAt(1350).clear().ends(2, 1700);
    expect(held.effects).toEqual(['resume-playback', 'hold-end']);
    expect(held.m.phase).toBe('speaking');
    held.heard('stop', 2300);
    expect(held.effects).toEqual(['resume-playback', 'hold-end', 'barge-in:1', 'release-end']);
    expect(held.reasons.at(-1)).toBe('stop: stop word "stop" (1300 ms)');
    expect(held.m.phase).toBe('thinking');
    // No words by 1.5 s after the end: a noise after all, dropped.
    const noise = overReply().loudFrameAt(1350).ends(2, 1700).clear().at(3199);
    expect(noise.effects).toEqual([]);
    noise.at(3200);
    expect(noise.effects).toEqual(['drop-utterance']);
    expect(t.effects).toEqual([]);
  });

  it('gives the reply back after a cough or a laugh with no words', () => {
    const cough = overReply().misfires();
    expect(cough.effects).toEqual(['pause-playback', 'forward', 'forward', 'resume-playback']);
    expect(cough.reasons).toEqual(['resume: a sound with no words, too short for speech (0 ms)']);
    const laugh = speaks(overReply(), 1800).at(2000);
    expect(laugh.effects).toEqual(['pause-playback', 'forward']);
    laugh.at(2040);
    expect(laugh.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
    expect(laugh.reasons).toEqual([
      'resume: a sound with no words (a cough, a laugh, a noise) (1040 ms)',
    ]);
  });

  it('still stops a reply given back when late words say so ("yeah… wait")', () => {
    const t = overReply().heard('yeah', 1200).at(1400);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
    t.loudFrameAt(1500).heard('yeah wait', 1600);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback', 'barge-in:1']);
    expect(t.reasons.at(-1)).toBe('stop: stop word "wait" (600 ms)');
    // A new loud onset in that segment does not duck again.
    expect(overReply().heard('yeah', 1200).at(1400).clear().loudAt(1500).effects).toEqual([]);
  });

  it('takes speech with no words for 1.5 s as an interruption', () => {
    const t = speaks(overReply(), 2600);
    expect(t.effects).toContain('barge-in:1');
    expect(t.reasons).toEqual(['stop: speech with no words heard yet (1502 ms)']);
  });

  it('resumes after a loud onset the VAD never calls speech, as before', () => {
    const t = talk().user(1).replyPlays(1).clear().loudAt(1000).at(1150);
    expect(t.effects).toEqual(['pause-playback', 'resume-playback']);
    expect(t.reasons).toEqual(['resume: a loud sound the VAD did not call speech (150 ms)']);
  });

  it('drops an "uh-huh" begun over a reply that then ran out: it is no question', () => {
    const t = overReply().heard('uh-huh', 1200);
    t.m.turnDone(1, true);
    t.drained().clear().ends(2, 1500);
    expect(t.effects).toEqual(['drop-utterance']);
    expect(t.m.phase).toBe('listening');
  });

  it('under "stop at any sound", speech confirmed by the VAD stops the reply whatever it says', () => {
    const t = talk('full', 'any-sound').user(1).replyPlays(1).clear();
    t.speechStartsAt(1000).heard('yeah', 1200).confirmed(1400);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1']);
    expect(t.reasons).toEqual(['stop: stop at any sound: speech over the reply (400 ms)']);
  });
});

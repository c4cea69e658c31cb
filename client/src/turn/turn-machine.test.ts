import { describe, expect, it } from 'vitest';
import { talk as talkWith } from './turn-machine.test-kit.ts';

/** The length rule (the user's "stop at any sound"), as before issue 52. */
const talk = (duplex: 'full' | 'half' = 'full') => talkWith(duplex, 'any-sound');

describe('TurnMachine', () => {
  it('goes listening → user-speaking → thinking → speaking → listening', () => {
    const t = talk();
    expect(t.m.phase).toBe('listening');
    t.speechStartsAt(0);
    expect(t.m.phase).toBe('user-speaking');
    t.confirmed().ends(1);
    expect(t.m.phase).toBe('thinking');
    t.replyPlays(1);
    expect(t.m.phase).toBe('speaking');
    t.drained();
    expect(t.m.phase).toBe('listening');
    expect(t.effects).toEqual(['forward', 'forward']);
  });

  it('ducks the reply at a speech start and interrupts it on real speech', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.speechStartsAt(1000);
    expect(t.effects).toEqual(['pause-playback', 'forward']);
    t.confirmed();
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1']);
    expect(t.m.phase).toBe('user-speaking');
    t.ends(2);
    expect(t.m.phase).toBe('thinking');
  });

  it('resumes the reply after a misfire (a cough)', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.speechStartsAt(1000).misfires();
    expect(t.effects).toEqual(['pause-playback', 'forward', 'forward', 'resume-playback']);
    expect(t.m.phase).toBe('speaking');
  });

  it('resumes the reply when no real speech follows within the window', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.speechStartsAt(1000).at(1299);
    expect(t.effects).toEqual(['pause-playback', 'forward']);
    t.at(1300);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'resume-playback']);
  });

  it('ducks the reply on a loud onset, before the VAD speaks, then interrupts on real speech', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.loudAt(1000);
    expect(t.effects).toEqual(['pause-playback']);
    expect(t.m.phase).toBe('speaking');
    t.speechStartsAt(1030).at(1200).confirmed();
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1']);
  });

  it('resumes after a loud onset the VAD never calls speech (a door slams)', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.loudAt(1000).at(1149);
    expect(t.effects).toEqual(['pause-playback']);
    t.at(1150);
    expect(t.effects).toEqual(['pause-playback', 'resume-playback']);
  });

  it('does not duck on loud sound in half duplex (the reply itself)', () => {
    const t = talk('half').user(1).replyPlays(1).clear();
    t.loudAt(1000);
    expect(t.effects).toEqual([]);
  });

  it('treats a short utterance that ends before confirmation as an interruption', () => {
    const t = talk().user(1).replyPlays(1).clear();
    t.speechStartsAt(1000).ends(2);
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1', 'forward']);
  });

  it('cancels a reply not yet playing when the user asks something else', () => {
    const t = talk().user(1).clear();
    t.speechStartsAt(500).confirmed();
    expect(t.effects).toEqual(['forward', 'cancel-reply:1']);
  });

  it('in half duplex, ignores speech while the reply plays: the reply never interrupts itself', () => {
    const t = talk('half').user(1).replyPlays(1).clear();
    t.speechStartsAt(1000).confirmed().ends(2);
    expect(t.effects).toEqual([]);
    expect(t.m.phase).toBe('speaking');
    t.drained().speechStartsAt(5000);
    expect(t.effects).toEqual(['forward']);
  });

  it('in half duplex, never cancels a reply heard to the end after its own sound was ignored', () => {
    // The relay finished the reply while it played; its own sound (an echo) was ignored in half
    // duplex; then it played out. The user's next question cancels nothing: all of it was heard.
    const t = talk('half').user(1).replyPlays(1);
    t.m.turnDone(1, true);
    t.speechStartsAt(1000).confirmed().ends(2);
    t.drained().clear();
    t.speechStartsAt(5000).confirmed().ends(3);
    expect(t.effects).toEqual(['forward', 'forward']);
    expect(t.m.phase).toBe('thinking');
  });

  it('never cancels a reply that was heard to the end when the next question starts', () => {
    const t = talk().user(1).replyPlays(1);
    t.m.turnDone(1, true);
    t.drained().clear();
    t.speechStartsAt(9000).confirmed().ends(2);
    expect(t.effects).toEqual(['forward', 'forward']);
  });

  it('keeps a reply that ran dry before its turn was done (still coming)', () => {
    const t = talk().user(1).replyPlays(1).drained().clear();
    t.m.replyStarted(1);
    t.speechStartsAt(1000).confirmed();
    expect(t.effects).toEqual(['pause-playback', 'forward', 'barge-in:1']);
  });

  it('un-ducks the player when the reply runs out while ducked, so the next reply is heard', () => {
    const t = talk().user(1).replyPlays(1);
    t.m.turnDone(1, true);
    t.loudAt(1000).speechStartsAt(1030).clear().drained();
    expect(t.effects).toEqual(['resume-playback']);
    // The speech goes on to be a question of its own; its reply plays.
    t.confirmed().ends(2).replyPlays(2);
    expect(t.effects).toEqual(['resume-playback', 'forward']);
    expect(t.m.phase).toBe('speaking');
  });

  it('does nothing for turn output of an older turn', () => {
    const t = talk().user(1).user(2).clear();
    t.m.replyStarted(1);
    expect(t.m.phase).toBe('thinking');
  });

  describe('when the user stops the reply (a tap, Esc)', () => {
    it('cuts a reply playing, in full and half duplex alike, as a barge-in does', () => {
      for (const duplex of ['full', 'half'] as const) {
        const t = talk(duplex).user(1).replyPlays(1).clear().interrupts();
        expect(t.effects).toEqual(['barge-in:1']);
        expect(t.m.phase).toBe('listening');
        // Its turn.done changes nothing (its late audio is dropped by the caller, as after a
        // barge-in).
        t.m.turnDone(1, true);
        expect(t.m.phase).toBe('listening');
        t.clear().interrupts();
        expect(t.effects).toEqual([]);
      }
    });

    it('cuts a reply that ran dry before its end (it was heard in part)', () => {
      const t = talk().user(1).replyPlays(1).drained().clear().interrupts();
      expect(t.effects).toEqual(['barge-in:1']);
    });

    it('cuts a reply ducked by a speech start, which then goes on as the next question', () => {
      const t = talk().user(1).replyPlays(1).speechStartsAt(1000).clear().interrupts();
      expect(t.effects).toEqual(['barge-in:1']);
      expect(t.m.phase).toBe('user-speaking');
      t.confirmed().ends(2);
      expect(t.effects).toEqual(['barge-in:1', 'forward']);
      expect(t.m.phase).toBe('thinking');
    });

    it('cancels a reply not heard yet (still thinking)', () => {
      const t = talk().user(1).clear().interrupts();
      expect(t.effects).toEqual(['cancel-reply:1']);
      expect(t.m.phase).toBe('listening');
    });

    it('does nothing with no reply to stop, or one heard to the end', () => {
      expect(talk().interrupts().effects).toEqual([]);
      const t = talk().user(1).replyPlays(1);
      t.m.turnDone(1, true);
      t.drained().clear().interrupts();
      expect(t.effects).toEqual([]);
      expect(t.m.phase).toBe('listening');
    });

    it('in half duplex, leaves the segment it ignores ignored until it ends', () => {
      const t = talk('half').user(1).replyPlays(1).speechStartsAt(1000).clear().interrupts();
      expect(t.effects).toEqual(['barge-in:1']);
      t.confirmed().ends(2);
      expect(t.effects).toEqual(['barge-in:1']);
      t.speechStartsAt(5000);
      expect(t.effects).toEqual(['barge-in:1', 'forward']);
    });
  });

  describe('push-to-talk', () => {
    it('takes the turn at the press and hands it over at the release', () => {
      const t = talk().presses();
      expect(t.m.phase).toBe('user-speaking');
      t.releases(1);
      expect(t.m.phase).toBe('thinking');
      t.replyPlays(1);
      expect(t.m.phase).toBe('speaking');
      expect(t.effects).toEqual([]);
    });

    it('a press while the reply plays cuts it (half duplex too); while thinking, cancels it', () => {
      const t = talk('half').presses().releases(1).replyPlays(1).presses();
      expect(t.effects).toEqual(['barge-in:1']);
      t.releases(2).presses();
      expect(t.effects).toEqual(['barge-in:1', 'cancel-reply:2']);
    });

    it('a tap (a press released as nothing) leaves the machine listening', () => {
      const t = talk().presses().releases(1).replyPlays(1).clear().presses().releases(null);
      expect(t.effects).toEqual(['barge-in:1']);
      expect(t.m.phase).toBe('listening');
    });
  });

  describe('when the microphone goes away', () => {
    it('ends confirmed speech there: the user is answered what they said', () => {
      const t = talk().speechStartsAt(0).confirmed().clear().micLost(1, true);
      expect(t.effects).toEqual([]);
      expect(t.m.phase).toBe('thinking');
      t.replyPlays(1);
      expect(t.m.phase).toBe('speaking');
    });

    it('drops an unconfirmed start like a misfire', () => {
      const t = talk().speechStartsAt(0).clear().micLost(1, false);
      expect(t.effects).toEqual([]);
      expect(t.m.phase).toBe('listening');
    });

    it('resumes a reply ducked by a start the VAD had not confirmed', () => {
      const t = talk().user(1).replyPlays(1).speechStartsAt(1000).clear().micLost(2, false);
      expect(t.effects).toEqual(['resume-playback']);
      expect(t.m.phase).toBe('speaking');
    });

    it('resumes a reply ducked by a loud onset alone', () => {
      const t = talk().user(1).replyPlays(1).loudAt(1000).clear().micLost(null, false);
      expect(t.effects).toEqual(['resume-playback']);
      expect(t.m.phase).toBe('speaking');
    });

    it('leaves a reply playing, or a listening machine, alone', () => {
      const t = talk().user(1).replyPlays(1).clear().micLost(null, false);
      expect(t.effects).toEqual([]);
      expect(t.m.phase).toBe('speaking');
      const quiet = talk().micLost(null, false);
      expect(quiet.effects).toEqual([]);
      expect(quiet.m.phase).toBe('listening');
    });

    it('forgets a segment it was ignoring (half duplex), so the next one counts', () => {
      const t = talk('half').user(1).replyPlays(1).speechStartsAt(1000).clear();
      t.micLost(null, false).drained().speechStartsAt(5000);
      expect(t.effects).toEqual(['forward']);
      expect(t.m.phase).toBe('user-speaking');
    });
  });
});

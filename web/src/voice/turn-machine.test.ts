import { describe, expect, it } from 'vitest';
import { TurnMachine, type TurnEffect } from './turn-machine.ts';

/**
 * Reads like the conversation: `talk().user('question').bot(1).playing().coughAt(100)…`.
 * Every step records the effects the machine asked for.
 */
function talk(duplex: 'full' | 'half' = 'full') {
  const m = new TurnMachine({ duplex, misfireWindowMs: 300 });
  const effects: string[] = [];
  const log = (e: TurnEffect[]) => {
    for (const x of e) effects.push('turnId' in x ? `${x.type}:${x.turnId}` : x.type);
  };
  const api = {
    m,
    effects,
    /** The user says something that becomes turn `turnId`. */
    user(turnId: number, at = 0) {
      log(m.speechStart(at));
      log(m.speechRealStart());
      log(m.speechEnd(turnId));
      return api;
    },
    replyPlays(turnId: number) {
      m.replyStarted(turnId);
      return api;
    },
    loudAt(t: number) {
      log(m.energyOnset(t));
      return api;
    },
    speechStartsAt(t: number) {
      log(m.speechStart(t));
      return api;
    },
    confirmed() {
      log(m.speechRealStart());
      return api;
    },
    misfires() {
      log(m.misfire());
      return api;
    },
    ends(turnId: number) {
      log(m.speechEnd(turnId));
      return api;
    },
    at(t: number) {
      log(m.tick(t));
      return api;
    },
    drained() {
      m.drained();
      return api;
    },
    clear() {
      effects.length = 0;
      return api;
    },
  };
  return api;
}

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

  it('does nothing for turn output of an older turn', () => {
    const t = talk().user(1).user(2).clear();
    t.m.replyStarted(1);
    expect(t.m.phase).toBe('thinking');
  });
});

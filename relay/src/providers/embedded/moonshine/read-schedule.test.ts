import { describe, expect, it } from 'vitest';
import { ReadSchedule, type ReadPriority, type ReadRequest } from './read-schedule.ts';

/** Samples in a second of audio (16 kHz). */
const S = 16_000;

function schedule(options: { capS?: number; maxWaitMs?: number } = {}) {
  let nowMs = 0;
  let nextId = 1;
  const s = new ReadSchedule({
    maxQueuedSamplesPerOwner: (options.capS ?? 30) * S,
    maxFinalWaitMs: options.maxWaitMs ?? 5_000,
    now: () => nowMs,
  });
  /** Asks a read: `who` is `owner` or `owner/stream`. */
  const ask = (who: string, priority: ReadPriority = 'final', seconds = 1) => {
    const [owner = who, stream = '1'] = who.split('/');
    const read: ReadRequest = {
      id: nextId++,
      owner,
      stream: Number(stream),
      priority,
      samples: seconds * S,
    };
    return { read, ...s.offer(read) };
  };
  const order = () => {
    const out: number[] = [];
    for (let r = s.take(); r !== null; r = s.take()) out.push(r.id);
    return out;
  };
  return { s, ask, order, advance: (ms: number) => (nowMs += ms) };
}

describe('ReadSchedule', () => {
  it('reads finals before partials, whoever asked first', () => {
    const { ask, order } = schedule();
    const partial = ask('ann', 'partial');
    const final = ask('bob', 'final');
    expect(order()).toEqual([final.read.id, partial.read.id]);
  });

  it('gives a user who just asked the turn before the next window of a long utterance', () => {
    const { s, ask } = schedule();
    // Ann's 55 s utterance is read a window at a time: her first window runs...
    ask('ann', 'final', 10);
    expect(s.take()?.owner).toBe('ann');
    // ...Bob asks his short question while it runs, and Ann asks her next window when it ends.
    const bob = ask('bob', 'final', 2);
    const annNext = ask('ann', 'final', 10);
    expect(s.take()?.id).toBe(bob.read.id);
    expect(s.take()?.id).toBe(annNext.read.id);
  });

  it('takes turns among every user waiting, the one served longest ago first', () => {
    const { ask, order } = schedule();
    const a = [ask('ann'), ask('ann'), ask('ann')].map((x) => x.read.id);
    const b = ask('bob').read.id;
    const c = ask('cy').read.id;
    expect(order()).toEqual([a[0], b, c, a[1], a[2]]);
  });

  it('takes turns among one user’s utterances, each in the order asked', () => {
    const { ask, order } = schedule();
    const one = [ask('ann/1'), ask('ann/1')].map((x) => x.read.id);
    const two = ask('ann/2').read.id;
    expect(order()).toEqual([one[0], two, one[1]]);
  });

  it('caps the audio one user has waiting: their oldest partials go first, then their reads are refused; others are untouched', () => {
    const { s, ask } = schedule({ capS: 20 });
    const oldPartial = ask('ann', 'partial', 8);
    const newPartial = ask('ann', 'partial', 8);
    ask('bob', 'final', 8);
    // A final that would pass 20 s: Ann's oldest partial makes room.
    const final = ask('ann', 'final', 10);
    expect(final.admitted).toBe(true);
    expect(final.dropped.map((r) => r.id)).toEqual([oldPartial.read.id]);
    expect(s.isWaiting(newPartial.read.id)).toBe(true);
    // A 12 s final: dropping her last partial is not enough (10 + 12 > 20). Refused, and nothing
    // of hers dropped for it.
    const refused = ask('ann', 'final', 12);
    expect(refused).toMatchObject({ admitted: false, dropped: [] });
    expect(s.isWaiting(newPartial.read.id)).toBe(true);
    // Bob is not capped by Ann's audio.
    expect(ask('bob', 'final', 10).admitted).toBe(true);
  });

  it('admits a read longer than the cap from a user with nothing waiting', () => {
    const { ask } = schedule({ capS: 5 });
    expect(ask('ann', 'final', 10).admitted).toBe(true);
    expect(ask('ann', 'final', 1).admitted).toBe(false);
  });

  it('sheds finals that waited past their limit, not partials, and says when the next will be', () => {
    const { s, ask, advance } = schedule({ maxWaitMs: 5_000 });
    const first = ask('ann', 'final');
    ask('ann', 'partial');
    advance(2_000);
    const second = ask('bob', 'final');
    expect(s.nextShedAtMs()).toBe(5_000);
    advance(2_999);
    expect(s.shed()).toEqual([]);
    advance(1);
    expect(s.shed().map((r) => r.id)).toEqual([first.read.id]);
    expect(s.nextShedAtMs()).toBe(7_000);
    advance(2_000);
    expect(s.shed().map((r) => r.id)).toEqual([second.read.id]);
    expect(s.nextShedAtMs()).toBeNull();
    expect(s.size.reads).toBe(1);
  });

  it('promotes a partial an answer now waits on: it goes before other partials, as a final', () => {
    const { s, ask, order } = schedule();
    const ahead = ask('ann', 'partial');
    const other = ask('bob', 'partial');
    s.promote(ahead.read.id);
    const final = ask('cy', 'final');
    expect(order()).toEqual([ahead.read.id, final.read.id, other.read.id]);
  });

  it('sheds a promoted partial only once it has waited as a final past the limit', () => {
    const { s, ask, advance } = schedule({ maxWaitMs: 5_000 });
    const ahead = ask('ann', 'partial');
    advance(60_000);
    s.promote(ahead.read.id);
    expect(s.shed()).toEqual([]);
    expect(s.nextShedAtMs()).toBe(65_000);
    advance(5_000);
    expect(s.shed().map((r) => r.id)).toEqual([ahead.read.id]);
  });

  it('withdraws a read given up while it waits, and knows what is waiting', () => {
    const { s, ask, order } = schedule();
    const gone = ask('ann');
    const kept = ask('bob', 'final', 2);
    expect(s.size).toEqual({ reads: 2, samples: 3 * S });
    expect(s.withdraw(gone.read.id)).toBe(true);
    expect(s.withdraw(gone.read.id)).toBe(false);
    expect(order()).toEqual([kept.read.id]);
    expect(s.take()).toBeNull();
  });

  it('remembers a bounded number of turns', () => {
    let nowMs = 0;
    const s = new ReadSchedule({
      maxQueuedSamplesPerOwner: S,
      maxFinalWaitMs: 1_000,
      maxRemembered: 4,
      now: () => nowMs++,
    });
    for (let i = 0; i < 100; i++) {
      s.offer({ id: i, owner: `user-${i}`, stream: 1, priority: 'final', samples: 1 });
      expect(s.take()?.id).toBe(i);
    }
    // The users served last are remembered: a new one goes before them.
    s.offer({ id: 200, owner: 'user-99', stream: 1, priority: 'final', samples: 1 });
    s.offer({ id: 201, owner: 'new', stream: 1, priority: 'final', samples: 1 });
    expect(s.take()?.id).toBe(201);
  });
});

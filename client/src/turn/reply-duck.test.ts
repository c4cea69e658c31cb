import { describe, expect, it } from 'vitest';
import { ReplyDuck } from './reply-duck.ts';

const windows = { misfireWindowMs: 300 };

describe('ReplyDuck', () => {
  it('gives a loud onset 150 ms by default for the VAD to call it speech', () => {
    const duck = new ReplyDuck(1000, false);
    expect(duck.expired(1149, windows)).toBeNull();
    expect(duck.expired(1150, windows)).toBe('a loud sound the VAD did not call speech');
    expect(duck.expired(1199, { ...windows, onsetWindowMs: 200 })).toBeNull();
  });

  it('gives a speech start the misfire window to become real speech', () => {
    const duck = new ReplyDuck(1000, true);
    expect(duck.expired(1299, windows)).toBeNull();
    expect(duck.expired(1300, windows)).toBe('no speech within the window');
  });
});

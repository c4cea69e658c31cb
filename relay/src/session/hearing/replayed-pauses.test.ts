import { describe, expect, it } from 'vitest';
import { ReplayedPauses } from './replayed-pauses.ts';

describe('ReplayedPauses', () => {
  it('acts on each pause and resume of an utterance told live', () => {
    const p = new ReplayedPauses();
    expect(p.pause(5, 5)).toBe(true);
    expect(p.resume()).toBe(true);
    expect(p.pause(9, 9)).toBe(true);
    expect(p.resume()).toBe(true);
  });

  it('acts on a pause whose audio has not all come (a gap): it is no replay', () => {
    expect(new ReplayedPauses().pause(7, 4)).toBe(true);
  });

  /**
   * Issue 61, item 4: the relay still has the utterance a client replays after an outage. It had
   * audio up to seq 12 and the pause at 9 live; the replay repeats the pause at 5 and its resume,
   * then the pause at 9 (standing: the resume after it was lost in the outage) and that resume.
   */
  it('ignores the pauses a replay repeats behind the audio here, and their resumes', () => {
    const p = new ReplayedPauses();
    expect(p.pause(5, 5)).toBe(true);
    expect(p.resume()).toBe(true);
    expect(p.pause(9, 9)).toBe(true);
    // The replay: its pause at 5 lies behind the audio here, and so does its resume.
    expect(p.pause(5, 12)).toBe(false);
    expect(p.resume()).toBe(false);
    // The standing pause told again; the resume after it is news.
    expect(p.pause(9, 12)).toBe(false);
    expect(p.resume()).toBe(true);
    // The next pause, told live after the audio it follows.
    expect(p.pause(14, 14)).toBe(true);
  });
});

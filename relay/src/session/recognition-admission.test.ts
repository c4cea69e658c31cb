import { describe, expect, it } from 'vitest';
import type { AsrStream } from '../providers/types.ts';
import { holdingSlot, RefusedUtterance } from './recognition-admission.ts';

function slot() {
  let released = 0;
  return {
    release: () => {
      released++;
    },
    released: () => released,
  };
}

function stream(finish: () => Promise<{ text: string; audioMs: number }>): AsrStream {
  return { write: () => undefined, finish, abort: () => undefined };
}

describe('holdingSlot', () => {
  it('gives the slot back once finish has settled, resolved or rejected', async () => {
    for (const finish of [
      () => Promise.resolve({ text: 'hi', audioMs: 100 }),
      () => Promise.reject(new Error('down')),
    ]) {
      const s = slot();
      const held = holdingSlot(stream(finish), s.release, new AbortController().signal);
      const result = held.finish();
      expect(s.released()).toBe(0);
      await result.catch(() => undefined);
      expect(s.released()).toBe(1);
    }
  });

  it('gives the slot back once on abort, by call or by signal', () => {
    const s = slot();
    const controller = new AbortController();
    const held = holdingSlot(
      stream(() => new Promise(() => undefined)),
      s.release,
      controller.signal,
    );
    controller.abort();
    held.abort();
    expect(s.released()).toBe(1);
  });

  it('keeps the snapshot of a stream that has one, and only then', async () => {
    const plain = holdingSlot(
      stream(() => new Promise(() => undefined)),
      () => undefined,
      new AbortController().signal,
    );
    expect('snapshot' in plain).toBe(false);
    const withSnapshot = holdingSlot(
      {
        ...stream(() => new Promise(() => undefined)),
        snapshot: () => Promise.resolve({ text: 'so far', audioMs: 1 }),
      },
      () => undefined,
      new AbortController().signal,
    );
    await expect(withSnapshot.snapshot?.()).resolves.toEqual({ text: 'so far', audioMs: 1 });
  });
});

describe('RefusedUtterance', () => {
  it('drops its own frames only, and acknowledges up to the last one or the end', () => {
    const refused = new RefusedUtterance(7, 40);
    expect(refused.lastSeqUpTo()).toBe(39);
    expect(refused.drops(7, 40)).toBe(true);
    expect(refused.drops(7, 41)).toBe(true);
    expect(refused.drops(8, 42)).toBe(false);
    expect(refused.lastSeqUpTo()).toBe(41);
    expect(refused.lastSeqUpTo(45)).toBe(45);
    expect(refused.done(3)).toEqual({
      type: 'turn.done',
      seq: 3,
      turnId: 7,
      status: 'failed',
      reply: '',
      audioSamples: 0,
      timings: {},
    });
  });
});

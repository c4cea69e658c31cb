import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from '../providers/types.ts';
import {
  holdingSlot,
  RefusedUtterance,
  SessionRecognitions,
  type RecognitionAdmission,
} from './recognition-admission.ts';

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

describe('SessionRecognitions', () => {
  const refusal = new RelayError('limit-exceeded', 'no');
  const admission = (admit: boolean, audio = true): RecognitionAdmission => ({
    admitUtterance: () =>
      admit ? { ok: true, release: () => undefined } : { ok: false, error: refusal },
    admitExtra: () => ({ ok: false, error: refusal }),
    takeAudio: () => (audio ? null : refusal),
  });
  const started: AsrStartOptions[] = [];
  const provider: AsrProvider = {
    info: { id: 'test', label: 'test' },
    start: (options) => {
      started.push(options);
      return stream(() => new Promise(() => undefined));
    },
    close: () => Promise.resolve(),
  };
  const signal = new AbortController().signal;

  it('starts an admitted recogniser as the user’s, at the microphone rate', () => {
    const r = new SessionRecognitions(admission(true), provider, 'ada');
    expect(r.start(1, 0, { signal }).ok).toBe(true);
    expect(started.at(-1)).toMatchObject({ speaker: 'ada', sampleRateHz: 16_000 });
    expect(r.startExtra(1, signal)).toBeNull();
  });

  it('asks the limits for a second recogniser of the utterance as for a speculation’s', () => {
    const extras: [string, number][] = [];
    let free = 1;
    const r = new SessionRecognitions(
      {
        ...admission(true),
        admitExtra: (userId, turnId) => {
          extras.push([userId, turnId]);
          if (free === 0) return { ok: false, error: refusal };
          free--;
          return { ok: true, release: () => free++ };
        },
      },
      provider,
      'ada',
    );
    expect(r.start(7, 0, { signal }).ok).toBe(true);
    const admitAnother = started.at(-1)?.admitAnother;
    const release = admitAnother?.();
    expect(release).toBeTypeOf('function');
    expect(admitAnother?.()).toBeNull();
    release?.();
    expect(admitAnother?.()).toBeTypeOf('function');
    expect(extras).toEqual([
      ['ada', 7],
      ['ada', 7],
      ['ada', 7],
    ]);
  });

  it('remembers a refused utterance: its frames dropped, its end a failed turn acknowledged', () => {
    const r = new SessionRecognitions(admission(false), provider, 'ada');
    expect(r.start(3, 10, { signal })).toEqual({ ok: false, error: refusal });
    expect(r.drops(3, 10)).toBe(true);
    expect(r.drops(3, 11)).toBe(true);
    expect(r.drops(4, 12)).toBe(false);
    expect(r.endRefused(4, 12)).toBeNull();
    const end = r.endRefused(3, 11);
    expect(end?.ackSeq).toBe(11);
    expect(end?.done(7)).toMatchObject({ type: 'turn.done', seq: 7, turnId: 3, status: 'failed' });
    // Over: a replayed end or cancel of it is not answered twice.
    expect(r.endRefused(3, 11)).toBeNull();
    expect(r.cancelRefused(3)).toBe(-1);
  });

  it('counts an utterance cut short by the audio budget as refused from that frame on', () => {
    const r = new SessionRecognitions(admission(true, false), provider, 'ada');
    expect(r.takeFrame(5, 20)).toBe(refusal);
    expect(r.drops(5, 21)).toBe(true);
    expect(r.cancelRefused(5)).toBe(21);
  });
});

import { describe, expect, it } from 'vitest';
import { RelayError } from '../../errors.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from '../../providers/stages/asr.ts';
import {
  RefusedUtterance,
  SessionRecognitions,
  type RecognitionAdmission,
} from './recognition-admission.ts';

function stream(finish: () => Promise<{ text: string; audioMs: number }>): AsrStream {
  return { write: () => undefined, finish, abort: () => undefined };
}

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
  const pin = () => ({ asr: provider, release: () => undefined });
  const signal = new AbortController().signal;

  it('starts an admitted recogniser as the user’s, at the microphone rate', () => {
    const r = new SessionRecognitions(admission(true), pin, 'ada');
    expect(r.start(1, 0, { signal }).ok).toBe(true);
    expect(started.at(-1)).toMatchObject({ speaker: 'ada', sampleRateHz: 16_000 });
    expect(r.startExtra(1, signal)).toBeNull();
  });

  it('holds the slot and the pinned provider set until the recognition is over, released together', async () => {
    const released: string[] = [];
    let finish: (text: string) => void = () => undefined;
    const r = new SessionRecognitions(
      {
        ...admission(true),
        admitUtterance: () => ({ ok: true, release: () => released.push('slot') }),
      },
      () => ({
        asr: {
          ...provider,
          start: () =>
            stream(
              () => new Promise((resolve) => (finish = (text) => resolve({ text, audioMs: 1 }))),
            ),
        },
        release: () => released.push('providers'),
      }),
      'ada',
    );
    const started = r.start(1, 0, { signal });
    if (!started.ok) throw started.error;
    const final = started.stream.finish();
    expect(released).toEqual([]);
    finish('hi');
    await final;
    expect(released).toEqual(['slot', 'providers']);
    started.stream.abort();
    expect(released).toEqual(['slot', 'providers']);
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
      pin,
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
    const r = new SessionRecognitions(admission(false), pin, 'ada');
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
    const r = new SessionRecognitions(admission(true, false), pin, 'ada');
    expect(r.takeFrame(5, 20)).toBe(refusal);
    expect(r.drops(5, 21)).toBe(true);
    expect(r.cancelRefused(5)).toBe(21);
  });
});

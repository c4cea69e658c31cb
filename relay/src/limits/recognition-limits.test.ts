import { describe, expect, it } from 'vitest';
import type { RelayError } from '../errors.ts';
import {
  defaultMaxRecognitions,
  HOSTED_RECOGNITIONS,
  RecognitionLimits,
  type Admission,
} from './recognition-limits.ts';

function limits(o: {
  burst?: number;
  perSecond?: number;
  perUser?: number;
  perRelay?: number;
  aheadMs?: number;
  audioMsPerSecond?: number;
}) {
  let t = 0;
  const recognitions = new RecognitionLimits({
    utterances: { capacity: o.burst ?? 10, refillPerSecond: o.perSecond ?? 1 },
    audioMs: { capacity: o.aheadMs ?? 15_000, refillPerSecond: o.audioMsPerSecond ?? 3_000 },
    maxPerUser: o.perUser ?? 4,
    maxPerRelay: o.perRelay ?? 100,
    maxKeys: 1000,
    now: () => t,
  });
  return { recognitions, advance: (ms: number) => void (t += ms) };
}

function refusal(a: Admission): RelayError {
  if (a.ok) throw new Error('expected a refusal');
  return a.error;
}

function admitted(a: Admission): () => void {
  if (!a.ok) throw new Error(`expected an admission: ${a.error.message}`);
  return a.release;
}

describe('RecognitionLimits', () => {
  it('lets a user start a burst of utterances, then one per refill, saying when to retry', () => {
    const { recognitions, advance } = limits({ burst: 3, perSecond: 0.5 });
    for (let turn = 1; turn <= 3; turn++) admitted(recognitions.admitUtterance('ada', turn))();
    const err = refusal(recognitions.admitUtterance('ada', 4));
    expect(err).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(err.options).toMatchObject({ turnId: 4, retryAfterMs: 2000 });
    // Not fatal: the connection goes on.
    expect(err.options.closeCode).toBeUndefined();
    advance(1999);
    expect(refusal(recognitions.admitUtterance('ada', 5)).code).toBe('rate-limited');
    // The refused attempt took nothing: the token regained at 2 s is there.
    advance(1);
    expect(recognitions.admitUtterance('ada', 6).ok).toBe(true);
    // Another user has a bucket of their own.
    expect(recognitions.admitUtterance('bob', 1).ok).toBe(true);
  });

  it('caps the recognitions one user runs at once until one is released', () => {
    const { recognitions } = limits({ perUser: 2 });
    const first = admitted(recognitions.admitUtterance('ada', 1));
    admitted(recognitions.admitUtterance('ada', 2));
    const err = refusal(recognitions.admitUtterance('ada', 3));
    expect(err).toMatchObject({ code: 'limit-exceeded', retryable: true });
    expect(err.message).toMatch(/2 places at once/);
    expect(err.options).toMatchObject({ turnId: 3 });
    expect(err.options.closeCode).toBeUndefined();
    expect(refusal(recognitions.admitExtra('ada', 3)).code).toBe('limit-exceeded');
    expect(recognitions.admitUtterance('bob', 1).ok).toBe(true);
    first();
    first(); // idempotent: frees one slot, not two
    admitted(recognitions.admitUtterance('ada', 4));
    expect(refusal(recognitions.admitUtterance('ada', 5)).code).toBe('limit-exceeded');
  });

  it('caps the recognitions the relay runs at once, all users together', () => {
    const { recognitions } = limits({ perRelay: 2 });
    const ada = admitted(recognitions.admitUtterance('ada', 1));
    admitted(recognitions.admitUtterance('bob', 1));
    expect(recognitions.active).toBe(2);
    const err = refusal(recognitions.admitUtterance('cyd', 1));
    expect(err).toMatchObject({ code: 'limit-exceeded', retryable: true });
    expect(err.message).toMatch(/recognising as much speech as it can/);
    ada();
    expect(recognitions.active).toBe(1);
    expect(recognitions.admitUtterance('cyd', 2).ok).toBe(true);
  });

  it('admits a second recogniser of an utterance without taking an utterance token', () => {
    const { recognitions } = limits({ burst: 1, perSecond: 0.001 });
    admitted(recognitions.admitUtterance('ada', 1));
    admitted(recognitions.admitExtra('ada', 1));
    expect(refusal(recognitions.admitUtterance('ada', 2)).code).toBe('rate-limited');
  });

  it('takes a user’s audio up to the allowance ahead, then at the rate their sessions can speak', () => {
    const { recognitions, advance } = limits({ aheadMs: 1_000, audioMsPerSecond: 300 });
    for (let i = 0; i < 10; i++) expect(recognitions.takeAudio('ada', 100, 1)).toBeNull();
    const err = recognitions.takeAudio('ada', 100, 1);
    expect(err).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(err?.options).toMatchObject({ turnId: 1, retryAfterMs: 334 });
    expect(err?.options.closeCode).toBeUndefined();
    expect(recognitions.takeAudio('bob', 100, 1)).toBeNull();
    // 300 ms of audio per second of clock: three frames a second, not four.
    advance(1000);
    for (let i = 0; i < 3; i++) expect(recognitions.takeAudio('ada', 100, 2)).toBeNull();
    expect(recognitions.takeAudio('ada', 100, 2)?.code).toBe('rate-limited');
  });

  it('refuses a relay cap below 1', () => {
    expect(() => limits({ perRelay: 0 })).toThrow(RangeError);
  });
});

describe('defaultMaxRecognitions', () => {
  it('is a few per core when a recogniser decodes here, and large with hosted recognition', () => {
    // Which recognisers decode on the relay's cores, their kinds say (provider-kinds.test.ts).
    expect(defaultMaxRecognitions(true, 2)).toBe(6);
    expect(defaultMaxRecognitions(true, 8)).toBe(24);
    expect(defaultMaxRecognitions(false, 2)).toBe(HOSTED_RECOGNITIONS);
  });
});

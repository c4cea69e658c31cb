import { describe, expect, it } from 'vitest';
import type { AsrStream } from '../providers/stages/asr.ts';
import { asrBilledTo, ChainCall } from './call-billing.ts';

describe('ChainCall', () => {
  it('bills the provider that served, however the call ended', () => {
    const call = new ChainCall('alpha');
    call.attempt('alpha');
    call.attempt('beta');
    call.serve('beta');
    expect(call.billedTo('done')).toBe('beta');
    expect(call.billedTo('failed')).toBe('beta'); // broke off after output: what it served
    expect(call.billedTo('cancelled')).toBe('beta');
  });

  it('bills nobody for a failure before any output, the one asked for a cancel', () => {
    const call = new ChainCall('alpha');
    call.attempt('alpha');
    call.attempt('beta');
    expect(call.billedTo('failed')).toBeNull();
    expect(call.billedTo('cancelled')).toBe('beta');
  });

  it('takes the assumed provider when nothing is reported (a provider called directly)', () => {
    expect(new ChainCall('flite').billedTo('done')).toBe('flite');
    expect(new ChainCall('flite').billedTo('failed')).toBeNull();
  });
});

describe('asrBilledTo', () => {
  const stream = (serving?: string | null): AsrStream => ({
    write: () => undefined,
    finish: () => Promise.reject(new Error('unused')),
    abort: () => undefined,
    ...(serving === undefined
      ? {}
      : { serving: () => (serving === null ? null : { id: serving, label: serving }) }),
  });

  it('bills the recogniser that produced the transcript', () => {
    const result = { text: 'hi', audioMs: 900, provider: { id: 'pocketsphinx', label: 'x' } };
    expect(asrBilledTo(stream('pocketsphinx'), 'done', 'alpha', result)).toBe('pocketsphinx');
  });

  it('bills nobody when every recogniser failed', () => {
    expect(asrBilledTo(stream(null), 'failed', 'alpha')).toBeNull();
    expect(asrBilledTo(stream('beta'), 'failed', 'alpha')).toBeNull();
  });

  it('bills the recogniser hearing a cancelled utterance; nobody when none is left', () => {
    expect(asrBilledTo(stream('beta'), 'cancelled', 'alpha')).toBe('beta');
    expect(asrBilledTo(stream(null), 'cancelled', 'alpha')).toBeNull();
    expect(asrBilledTo(stream(), 'cancelled', 'alpha')).toBe('alpha');
  });
});

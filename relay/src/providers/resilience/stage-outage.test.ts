import { describe, expect, it } from 'vitest';
import { ProviderError } from '../net/provider-error.ts';
import { isRequestError, tripIfStageDown } from './stage-outage.ts';

const http = (status: number) => new ProviderError('p', 'http', `HTTP ${status}`, { status });

describe('isRequestError', () => {
  it('blames the request for a 4xx, except a timeout or a rate limit', () => {
    expect(isRequestError(http(400))).toBe(true);
    expect(isRequestError(http(413))).toBe(true);
    expect(isRequestError(http(408))).toBe(false);
    expect(isRequestError(http(429))).toBe(false);
    expect(isRequestError(http(500))).toBe(false);
    expect(isRequestError(new ProviderError('p', 'timeout', 'no answer'))).toBe(false);
    expect(isRequestError(new ProviderError('p', 'auth', 'HTTP 401', { status: 401 }))).toBe(false);
    expect(isRequestError(new Error('boom'))).toBe(false);
  });
});

describe('tripIfStageDown', () => {
  const slots = () => {
    const tripped: string[] = [];
    const slot = (id: string, open: boolean) => ({
      trip: () => {
        tripped.push(id);
        return !open;
      },
    });
    return { tripped, list: [slot('a', false), slot('b', true)] };
  };

  it('opens every breaker of a stage whose providers all failed or were skipped', () => {
    const { tripped, list } = slots();
    expect(tripIfStageDown(list, [http(503)])).toBe(1); // b was open already
    expect(tripped).toEqual(['a', 'b']);
  });

  it('leaves a stage of one provider to its breaker’s count', () => {
    const { tripped, list } = slots();
    expect(tripIfStageDown(list.slice(0, 1), [http(503)])).toBe(0);
    expect(tripped).toEqual([]);
  });

  it('leaves the stage alone when a failure was the request’s own fault', () => {
    const { tripped, list } = slots();
    expect(tripIfStageDown(list, [http(503), http(400)])).toBe(0);
    expect(tripped).toEqual([]);
  });
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { captureLog } from '../../test/log-capture.ts';
import { CONNECTION_CAP_RETRY_MS, ConnectionCap } from './connection-cap.ts';

async function refusedCount(registry: Registry): Promise<number | undefined> {
  const metric = await registry.getSingleMetric('parley_connections_refused_total')?.get();
  return metric?.values.find((v) => v.labels.reason === 'max_connections')?.value;
}

describe('the connection cap', () => {
  it('admits below the cap, refuses at it with a typed 503, and says so once per filling', async () => {
    let open = 0;
    const registry = new Registry();
    const { log, lines } = captureLog();
    const cap = new ConnectionCap({ max: 2, open: () => open, registry, log });
    expect(await refusedCount(registry)).toBe(0);

    cap.admit();
    open = 2;
    let refusal: unknown;
    try {
      cap.admit();
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(RelayError);
    const err = refusal as RelayError;
    expect([err.code, err.options.status, err.options.retryAfterMs, err.retryable]).toEqual([
      'limit-exceeded',
      503,
      CONNECTION_CAP_RETRY_MS,
      true,
    ]);
    expect(() => cap.admit()).toThrow(RelayError);
    expect(await refusedCount(registry)).toBe(2);

    open = 1;
    cap.admit();
    expect(lines.map((l) => l.msg)).toEqual([
      'MAX_CONNECTIONS reached: refusing',
      'accepting connections again',
    ]);
  });

  it('admits everyone without a cap', () => {
    const { log } = captureLog();
    const cap = new ConnectionCap({ max: null, open: () => 1e6, registry: new Registry(), log });
    expect(() => cap.admit()).not.toThrow();
  });
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CloseCode, SITE_NOT_ALLOWED_MESSAGE } from '@parley/shared';
import { captureLog } from '../../test/log-capture.ts';
import { RelayError } from '../errors.ts';
import { OriginGate } from './origin-gate.ts';
import type { OriginPolicy } from './origin.ts';

const APP = 'https://chat.example';
const SHOP = 'https://shop.example';
const POLICY: OriginPolicy = { app: [APP], embed: [SHOP], loopbackEmbeds: false };
const HOUR_MS = 60 * 60 * 1000;

/** A gate on {@link POLICY} with a clock the test moves, its log and its counter. */
function gate(policy = POLICY) {
  const clock = { nowMs: 0 };
  const registry = new Registry();
  const { log, lines } = captureLog();
  const g = new OriginGate({ policy: () => policy, registry, log, now: () => clock.nowMs });
  const counts = async (): Promise<Record<string, number>> => {
    const metric = await registry.getSingleMetric('parley_origin_checks_total')?.get();
    const values = metric?.values ?? [];
    return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
  };
  const warned = () => lines.filter((l) => l.level === 40).map((l) => l.origin);
  return { gate: g, clock, counts, warned };
}

/** What `admit` threw. */
function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('the origin gate', () => {
  it("admits the app's pages everywhere and an embedding site to a call's routes only", () => {
    const { gate: g } = gate();
    expect(g.admit(APP, 'app', '/api/sessions')).toBe('app');
    expect(g.admit(APP, 'embed', '/api/session')).toBe('app');
    expect(g.admit(SHOP, 'embed', '/api/session')).toBe('embed');
    expect(g.admit(undefined, 'app', '/api/sessions')).toBe('none');
    expect(() => g.admit(SHOP, 'app', '/api/sessions')).toThrow(RelayError);
  });

  it('refuses any other page with the typed 403 a widget shows (close 4403 on a socket)', () => {
    const { gate: g } = gate();
    const err = refusal(() => g.admit('https://blog.example', 'embed', '/api/session'));
    expect(err).toBeInstanceOf(RelayError);
    expect(err).toMatchObject({
      code: 'forbidden',
      message: SITE_NOT_ALLOWED_MESSAGE,
      options: { status: 403, closeCode: CloseCode.Forbidden },
    });
  });

  it('counts by outcome, never by origin, every series there from the start', async () => {
    const { gate: g, counts } = gate({ ...POLICY, loopbackEmbeds: true });
    expect(await counts()).toEqual({ app: 0, embed: 0, loopback_embed: 0, refused: 0 });
    g.admit(APP, 'app', '/api/sessions');
    g.admit(SHOP, 'embed', '/ws');
    g.admit('http://localhost:3000', 'embed', '/ws');
    g.admit(undefined, 'embed', '/ws');
    for (const origin of ['https://a.example', 'https://b.example', 'null'])
      expect(() => g.admit(origin, 'embed', '/ws')).toThrow(RelayError);
    expect(await counts()).toEqual({ app: 1, embed: 1, loopback_embed: 1, refused: 3 });
  });

  it('logs a refused origin at warn once an hour, however often it comes', () => {
    const { gate: g, clock, warned } = gate();
    const knock = (origin: string) => refusal(() => g.admit(origin, 'embed', '/api/session'));
    for (let i = 0; i < 5; i++) knock('https://blog.example');
    knock('HTTPS://Blog.Example:443');
    expect(warned()).toEqual(['https://blog.example']);
    knock('https://other.example');
    clock.nowMs += HOUR_MS - 1000;
    knock('https://blog.example');
    expect(warned()).toEqual(['https://blog.example', 'https://other.example']);
    clock.nowMs += 1000;
    knock('https://blog.example');
    expect(warned()).toEqual([
      'https://blog.example',
      'https://other.example',
      'https://blog.example',
    ]);
  });

  it('writes at most 10 such lines a minute from a page rotating its origin', () => {
    const { gate: g, clock, warned } = gate();
    const knock = (i: number) =>
      refusal(() => g.admit(`https://x${i}.example`, 'embed', '/api/session'));
    for (let i = 0; i < 50; i++) knock(i);
    expect(warned()).toHaveLength(10);
    clock.nowMs += 6_000;
    for (let i = 50; i < 60; i++) knock(i);
    expect(warned()).toHaveLength(11);
  });

  it('names an embedding site refused on a route of the app, and a value that is no origin', () => {
    const { gate: g, warned } = gate();
    refusal(() => g.admit(SHOP, 'app', '/api/sessions'));
    refusal(() => g.admit('null', 'embed', '/ws'));
    refusal(() => g.admit(`https://${'a'.repeat(300)}.example`, 'embed', '/ws'));
    const origins = warned();
    expect(origins.slice(0, 2)).toEqual([SHOP, '"null"']);
    expect(String(origins[2])).toHaveLength(200);
  });
});

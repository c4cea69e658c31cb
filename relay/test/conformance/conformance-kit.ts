import { expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { Attempt } from '../../src/providers/resilience/attempt.ts';
import type { Fault } from '../fakes/faults.ts';

/** Reads `items` to their end into `into` (kept when it throws, for what came before). */
export async function collect<T>(items: AsyncIterable<T>, into: T[] = []): Promise<T[]> {
  for await (const item of items) into.push(item);
  return into;
}

/** Samples in `blocks`. */
export const samplesOf = (blocks: readonly Int16Array[]): number =>
  blocks.reduce((n, b) => n + b.length, 0);

/** What `work` rejects with; a fulfilment is a failure of the test. */
export async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

/** What `work` rejects with, which must be a {@link ProviderError} (a typed failure). */
export async function providerError(work: Promise<unknown>): Promise<ProviderError> {
  const error = await failureOf(work);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** An adapter under test, and what to close after it. */
export interface Closable {
  close(): Promise<void>;
}

/** Runs `run` on what `started` gives, and closes it after. */
export async function using<S extends Closable>(
  started: Promise<S>,
  run: (s: S) => Promise<void>,
): Promise<void> {
  const s = await started;
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

/** A service's fake as a suite watches it. */
export interface FakeService extends Closable {
  /** Requests (or connections) the fake received. */
  requests(): number;
  /** Responses (or sockets) the fake has open: 0 once the adapter let go of every one. */
  openConnections(): number;
}

/** An adapter of a service, against a fake of it speaking the service's protocol. */
export interface ServiceCases<S> {
  /** The adapter against its fake doing `fault`. */
  start(fault: Fault): Promise<S & FakeService>;
  /** The adapter given a key its fake refuses, and that key. */
  withWrongKey(): Promise<S & FakeService & { key: string }>;
}

/** What {@link serviceContract} is given of one stage. */
export interface ServiceContract<S> {
  service: ServiceCases<S>;
  /** One call of the stage (to its end), under `signal`. */
  call(s: S, signal: AbortSignal): Promise<unknown>;
  /** The id its errors carry. */
  idOf(s: S): string;
  /** Faults of the stage's answer that make it unparsable, and that lose its connection. */
  protocolFault: Fault;
  networkFault: Fault;
}

/**
 * What every adapter of a service must do, whatever its stage: ask nothing on a signal already
 * aborted; end when its deadline passes (the failover chain's `Attempt` aborts it) and close its
 * connection; fail typed — a refused key as `auth` without the key in the message, an error
 * status as `http` with its `Retry-After`, an answer that does not parse as `protocol`, a
 * connection lost as `network` — and let go of the connection each time.
 */
export function serviceContract<S>(c: ServiceContract<S>): void {
  const { service } = c;
  const failure = (s: S, signal = AbortSignal.timeout(10_000)) => failureOf(c.call(s, signal));

  it('asks nothing of its service on a signal already aborted', () =>
    using(service.start({ kind: 'none' }), async (s) => {
      expect(await failure(s, AbortSignal.abort())).toMatchObject({ name: 'AbortError' });
      expect(s.requests()).toBe(0);
    }));

  it('ends when its deadline passes, and closes its connection', () =>
    using(service.start({ kind: 'hang' }), async (s) => {
      const attempt = new Attempt(new AbortController().signal, c.idOf(s), { firstMs: 50 });
      try {
        expect(attempt.error(await failure(s, attempt.signal))).toMatchObject({ kind: 'timeout' });
      } finally {
        attempt.dispose();
      }
      await expect.poll(() => s.openConnections()).toBe(0);
    }));

  it('fails typed on a refused key: auth, its status, the key in no message', () =>
    using(service.withWrongKey(), async (s) => {
      const error = await failure(s);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth', status: 401, providerId: c.idOf(s) });
      expect(String(error)).not.toContain(s.key);
    }));

  it.each<[string, Fault, object]>([
    [
      'an error status: http, with its status and Retry-After',
      { kind: 'status', status: 429, retryAfterS: 3 },
      { kind: 'http', status: 429, retryAfterMs: 3000 },
    ],
    ['an answer that does not parse: protocol', c.protocolFault, { kind: 'protocol' }],
    ['a connection lost: network', c.networkFault, { kind: 'network' }],
  ])('fails typed on %s', (_name, fault, expected) =>
    using(service.start(fault), async (s) => {
      const error = await failure(s);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject(expected);
      await expect.poll(() => s.openConnections()).toBe(0);
    }),
  );
}

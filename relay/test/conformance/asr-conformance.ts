import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { Attempt } from '../../src/providers/resilience/attempt.ts';
import type { AsrProvider, AsrStream } from '../../src/providers/types.ts';
import type { Fault } from '../fakes/faults.ts';
import { failureOf } from './conformance-kit.ts';

/** A recogniser under test. */
export interface AsrSubject {
  asr: AsrProvider;
  close(): Promise<void>;
}

/** A recogniser that calls a service, against a fake of it speaking the service's protocol. */
export interface AsrServiceSubject extends AsrSubject {
  /** Requests (or connections) the fake received. */
  requests(): number;
  /** Responses (or sockets) the fake has open: 0 once the recogniser let go of every one. */
  openConnections(): number;
}

/** One utterance to recognise, and what must be heard of it. */
export interface Utterance {
  samples: Int16Array;
  sampleRateHz: number;
  /** The transcript it must give (a fake's, or the words a real recogniser hears). */
  transcript: string;
}

/** What the suite is given of one recogniser adapter. */
export interface AsrCase {
  /** The recogniser, ready (a service's against a healthy fake). */
  start(): Promise<AsrSubject>;
  utterance(): Promise<Utterance>;
  /** For a service: the recogniser against its fake doing `fault`, or given a key it refuses. */
  service?: {
    start(fault: Fault): Promise<AsrServiceSubject>;
    withWrongKey(): Promise<AsrServiceSubject & { key: string }>;
  };
}

/** Writes `u` in 100 ms chunks, as the relay does with uplink audio. */
function say(stream: AsrStream, u: Utterance): void {
  const chunk = u.sampleRateHz / 10;
  for (let at = 0; at < u.samples.length; at += chunk)
    stream.write(u.samples.subarray(at, at + chunk));
}

/**
 * What every speech-recognition adapter must do (issue 47): recognise an utterance written as it
 * arrives and report its usage (the audio it received, in ms); end at once on an aborted signal
 * and on `abort()` (a pending `finish` rejects, a later one too), when its deadline passes (the
 * failover chain's `Attempt` aborts it) closing its connection; and fail typed — a refused key as
 * `auth` without the key, an error status as `http` with its `Retry-After`, an answer that does
 * not parse as `protocol`, a connection lost as `network`. The embedded recogniser calls no
 * service: the contract of a service's failures does not apply to it.
 */
export function asrConformance(name: string, c: AsrCase): void {
  describe(`${name}: the ASR contract`, () => {
    async function withSubject<S extends AsrSubject>(
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

    it('recognises an utterance written as it arrives, and reports the audio it received', () =>
      withSubject(c.start(), async ({ asr }) => {
        const u = await c.utterance();
        const stream = asr.start({
          sampleRateHz: u.sampleRateHz,
          signal: AbortSignal.timeout(60_000),
        });
        say(stream, u);
        const result = await stream.finish();
        expect(result.text).toBe(u.transcript);
        const ms = (u.samples.length * 1000) / u.sampleRateHz;
        expect(Math.abs(result.audioMs - ms)).toBeLessThanOrEqual(ms * 0.02 + 1);
      }));

    it('rejects at once on a signal already aborted', () =>
      withSubject(c.start(), async ({ asr }) => {
        const u = await c.utterance();
        const stream = asr.start({ sampleRateHz: u.sampleRateHz, signal: AbortSignal.abort() });
        say(stream, u);
        expect(await failureOf(stream.finish())).toMatchObject({ name: 'AbortError' });
      }));

    it('abandons an utterance on abort(): its finish rejects, then and after', () =>
      withSubject(c.start(), async ({ asr }) => {
        const u = await c.utterance();
        const stream = asr.start({
          sampleRateHz: u.sampleRateHz,
          signal: new AbortController().signal,
        });
        say(stream, u);
        const finished = failureOf(stream.finish());
        stream.abort();
        stream.abort();
        expect(await finished).toMatchObject({ name: 'AbortError' });
        expect(await failureOf(stream.finish())).toMatchObject({ name: 'AbortError' });
        // And recognises the next one.
        const next = asr.start({
          sampleRateHz: u.sampleRateHz,
          signal: AbortSignal.timeout(60_000),
        });
        say(next, u);
        expect((await next.finish()).text).toBe(u.transcript);
      }));

    const service = c.service;
    if (!service) return;

    it('asks nothing of its service on a signal already aborted', () =>
      withSubject(service.start({ kind: 'none' }), async (s) => {
        const u = await c.utterance();
        const stream = s.asr.start({ sampleRateHz: u.sampleRateHz, signal: AbortSignal.abort() });
        say(stream, u);
        await failureOf(stream.finish());
        expect(s.requests()).toBe(0);
      }));

    it('ends when its deadline passes, and closes its connection', () =>
      withSubject(service.start({ kind: 'hang' }), async (s) => {
        const u = await c.utterance();
        const attempt = new Attempt(new AbortController().signal, s.asr.info.id, { firstMs: 50 });
        try {
          const stream = s.asr.start({ sampleRateHz: u.sampleRateHz, signal: attempt.signal });
          say(stream, u);
          expect(attempt.error(await failureOf(stream.finish()))).toMatchObject({
            kind: 'timeout',
          });
        } finally {
          attempt.dispose();
        }
        await expect.poll(() => s.openConnections()).toBe(0);
      }));

    /** The error `fault` makes an utterance's `finish` reject with (its connection closed). */
    const failureUnder = (fault: Fault) =>
      withSubject(service.start(fault), async (s) => {
        const u = await c.utterance();
        const stream = s.asr.start({
          sampleRateHz: u.sampleRateHz,
          signal: AbortSignal.timeout(10_000),
        });
        say(stream, u);
        const error = await failureOf(stream.finish());
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject(expected(fault));
        await expect.poll(() => s.openConnections()).toBe(0);
      });
    const expected = (fault: Fault) =>
      fault.kind === 'status'
        ? { kind: 'http', status: fault.status, retryAfterMs: (fault.retryAfterS ?? 0) * 1000 }
        : { kind: fault.kind === 'malformed' ? 'protocol' : 'network' };

    it('fails typed on a refused key: auth, its status, the key in no message', async () => {
      const s = await service.withWrongKey();
      try {
        const u = await c.utterance();
        const stream = s.asr.start({
          sampleRateHz: u.sampleRateHz,
          signal: AbortSignal.timeout(10_000),
        });
        say(stream, u);
        const error = await failureOf(stream.finish());
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'auth', status: 401, providerId: s.asr.info.id });
        expect(String(error)).not.toContain(s.key);
      } finally {
        await s.close();
      }
    });

    it('fails typed on an error status: http, with its status and Retry-After', () =>
      failureUnder({ kind: 'status', status: 429, retryAfterS: 3 }));

    it('fails typed on an answer that does not parse: protocol', () =>
      failureUnder({ kind: 'malformed', afterChunks: 0 }));

    it('fails typed on a connection lost: network', () =>
      failureUnder({ kind: 'reset', afterChunks: 0 }));
  });
}

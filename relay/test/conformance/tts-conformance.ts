import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { Attempt } from '../../src/providers/resilience/attempt.ts';
import type { TtsProvider } from '../../src/providers/types.ts';
import type { Fault } from '../fakes/faults.ts';
import { collect, failureOf, samplesOf } from './conformance-kit.ts';

/** A voice under test. */
export interface TtsSubject {
  tts: TtsProvider;
  close(): Promise<void>;
}

/** A voice that calls a service, against a fake of it speaking the service's protocol. */
export interface TtsServiceSubject extends TtsSubject {
  /** Requests the fake received. */
  requests(): number;
  /** Responses the fake has open: 0 once the voice closed or finished every request. */
  openResponses(): number;
}

/** What the suite is given of one voice adapter. */
export interface TtsCase {
  /** The voice, ready to speak (a service's against a healthy fake). */
  start(): Promise<TtsSubject>;
  /** Samples it answers `text` with, when they are exact (a fake's deterministic tone). */
  samplesFor?: (text: string) => number;
  /** For a service: the voice against its fake doing `fault`, or given a key it refuses. */
  service?: {
    start(fault: Fault): Promise<TtsServiceSubject>;
    withWrongKey(): Promise<TtsServiceSubject & { key: string }>;
  };
}

const TEXT = 'Hello there, how are you today?';

/**
 * What every voice adapter must do (issue 47): stream its speech as PCM16 blocks at the rate it
 * says; end at once on an aborted signal, when its deadline passes (the failover chain's
 * `Attempt` aborts it) and when the consumer leaves, closing its request; and fail typed — a
 * refused key as `auth` without the key in the message, a provider's error status as `http`
 * with its `Retry-After`, an answer that is not audio as `protocol` before any of it is played,
 * a connection lost mid-body as `network`. The embedded voice has no service: the contract of a
 * service's failures does not apply to it.
 */
export function ttsConformance(name: string, c: TtsCase): void {
  describe(`${name}: the TTS contract`, () => {
    async function withSubject<S extends TtsSubject>(
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

    it('streams its speech as non-empty PCM16 blocks at the rate it says', () =>
      withSubject(c.start(), async ({ tts }) => {
        const blocks = await collect(
          tts.synthesize({ text: TEXT, signal: AbortSignal.timeout(30_000) }),
        );
        expect(blocks.length).toBeGreaterThan(0);
        expect(blocks.every((b) => b instanceof Int16Array && b.length > 0)).toBe(true);
        const seconds = samplesOf(blocks) / tts.sampleRateHz;
        if (c.samplesFor) expect(samplesOf(blocks)).toBe(c.samplesFor(TEXT));
        // A sentence of 31 characters is said in well under 10 s and over a tenth of one.
        expect(seconds).toBeGreaterThan(0.1);
        expect(seconds).toBeLessThan(10);
      }));

    it('rejects at once on a signal already aborted', () =>
      withSubject(c.start(), async ({ tts }) => {
        await expect(
          collect(tts.synthesize({ text: TEXT, signal: AbortSignal.abort() })),
        ).rejects.toMatchObject({ name: 'AbortError' });
      }));

    it('lets the consumer leave early, and speaks again after', () =>
      withSubject(c.start(), async ({ tts }) => {
        for await (const block of tts.synthesize({
          text: TEXT,
          signal: new AbortController().signal,
        })) {
          expect(block.length).toBeGreaterThan(0);
          break;
        }
        const again = await collect(
          tts.synthesize({ text: 'Again.', signal: AbortSignal.timeout(30_000) }),
        );
        expect(samplesOf(again)).toBeGreaterThan(0);
      }));

    const service = c.service;
    if (!service) return;

    it('asks nothing of its service on a signal already aborted', () =>
      withSubject(service.start({ kind: 'none' }), async (s) => {
        await expect(
          collect(s.tts.synthesize({ text: TEXT, signal: AbortSignal.abort() })),
        ).rejects.toMatchObject({ name: 'AbortError' });
        expect(s.requests()).toBe(0);
      }));

    it('closes its request when the consumer leaves early', () =>
      withSubject(service.start({ kind: 'stall', afterChunks: 2 }), async (s) => {
        // A stalled body never ends by itself: only the adapter can close it.
        for await (const block of s.tts.synthesize({
          text: TEXT,
          signal: new AbortController().signal,
        })) {
          expect(block.length).toBeGreaterThan(0);
          break;
        }
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('ends when its deadline passes, before any audio, and closes the request', () =>
      withSubject(service.start({ kind: 'hang' }), async (s) => {
        const attempt = new Attempt(new AbortController().signal, s.tts.info.id, { firstMs: 50 });
        try {
          const error = await failureOf(
            collect(s.tts.synthesize({ text: TEXT, signal: attempt.signal })),
          );
          expect(attempt.error(error)).toMatchObject({ kind: 'timeout' });
        } finally {
          attempt.dispose();
        }
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('ends when aborted mid-body, and closes the request', () =>
      withSubject(service.start({ kind: 'stall', afterChunks: 1 }), async (s) => {
        const controller = new AbortController();
        const done = collect(s.tts.synthesize({ text: TEXT, signal: controller.signal }));
        await expect.poll(() => s.requests()).toBe(1);
        controller.abort();
        await expect(done).rejects.toMatchObject({ name: 'AbortError' });
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('fails typed on a refused key: auth, its status, the key in no message', async () => {
      const s = await service.withWrongKey();
      try {
        const error = await failureOf(
          collect(s.tts.synthesize({ text: TEXT, signal: AbortSignal.timeout(10_000) })),
        );
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'auth', status: 401, providerId: s.tts.info.id });
        expect(String(error)).not.toContain(s.key);
      } finally {
        await s.close();
      }
    });

    it('fails typed on an error status: http, with its status and Retry-After', () =>
      withSubject(service.start({ kind: 'status', status: 429, retryAfterS: 3 }), async (s) => {
        const error = await failureOf(
          collect(s.tts.synthesize({ text: TEXT, signal: AbortSignal.timeout(10_000) })),
        );
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 3000 });
      }));

    it('fails typed on an answer that is not audio: protocol, before any of it', () =>
      withSubject(service.start({ kind: 'mislabelled' }), async (s) => {
        const blocks: Int16Array[] = [];
        const error = await failureOf(
          collect(s.tts.synthesize({ text: TEXT, signal: AbortSignal.timeout(10_000) }), blocks),
        );
        expect(error).toMatchObject({ kind: 'protocol' });
        expect(blocks).toEqual([]);
      }));

    it('fails typed on a connection lost mid-body: network, after the audio before it', () =>
      withSubject(service.start({ kind: 'reset', afterChunks: 2 }), async (s) => {
        const blocks: Int16Array[] = [];
        const error = await failureOf(
          collect(s.tts.synthesize({ text: TEXT, signal: AbortSignal.timeout(10_000) }), blocks),
        );
        expect(error).toMatchObject({ kind: 'network' });
        expect(samplesOf(blocks)).toBeGreaterThan(0);
        await expect.poll(() => s.openResponses()).toBe(0);
      }));
  });
}

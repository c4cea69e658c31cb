import { describe, expect, it } from 'vitest';
import { WrittenSegment } from '../../src/pipeline/written-segment.ts';
import type { TtsProvider, TtsRequest } from '../../src/providers/stages/tts.ts';
import {
  collect,
  failureOf,
  samplesOf,
  serviceContract,
  using,
  type Closable,
  type ServiceCases,
} from './conformance-kit.ts';

/** A voice under test. */
export interface TtsSubject extends Closable {
  tts: TtsProvider;
}

/** What the suite is given of one voice adapter. */
export interface TtsCase {
  /** The voice, ready to speak (a service's against a healthy fake). */
  start(): Promise<TtsSubject>;
  /** Samples it answers `text` with, when they are exact (a fake's deterministic tone). */
  samplesFor?: (text: string) => number;
  /** For a voice of a service: it against its fake doing a fault, or given a key it refuses. */
  service?: ServiceCases<TtsSubject>;
  /**
   * Asks its streaming input (`synthesizeWritten`: the text sent word by word as written) instead
   * of `synthesize`: a voice that takes text so passes the same contract that way. Its empty
   * blocks (signs of life: the voice took more text) are no audio, as for the failover chain.
   */
  written?: boolean;
}

const TEXT = 'Hello there, how are you today?';

/** The audio of `request` by the streaming input of `tts`, given the text a word at a time. */
async function* writtenAudio(tts: TtsProvider, request: TtsRequest): AsyncGenerator<Int16Array> {
  if (!tts.synthesizeWritten) throw new Error(`${tts.info.id} takes no text as it streams`);
  const text = new WrittenSegment();
  for (const word of request.text.split(' ')) text.add(word);
  text.finish(request.text);
  for await (const block of tts.synthesizeWritten({ ...request, text }))
    if (block.length > 0) yield block;
}

/**
 * What every voice adapter must do (issue 47): stream its speech as PCM16 blocks at the rate it
 * says; end at once on an aborted signal and let the consumer leave; for a voice of a service
 * (see `serviceContract`: nothing asked when aborted, its deadline, failures typed), close its
 * request when the consumer leaves or it is aborted mid-body, play nothing of an answer that is
 * not audio, and keep the audio that came before a connection was lost. The embedded voice calls
 * no service: the contract of a service's failures does not apply to it.
 */
export function ttsConformance(name: string, c: TtsCase): void {
  const synthesize = (tts: TtsProvider, request: TtsRequest) =>
    c.written ? writtenAudio(tts, request) : tts.synthesize(request);
  const speak = (tts: TtsProvider, signal: AbortSignal, into?: Int16Array[], text = TEXT) =>
    collect(synthesize(tts, { text, signal }), into);
  describe(`${name}: the TTS contract`, () => {
    it('streams its speech as non-empty PCM16 blocks at the rate it says', () =>
      using(c.start(), async ({ tts }) => {
        const blocks = await speak(tts, AbortSignal.timeout(30_000));
        expect(blocks.length).toBeGreaterThan(0);
        expect(blocks.every((b) => b instanceof Int16Array && b.length > 0)).toBe(true);
        if (c.samplesFor) expect(samplesOf(blocks)).toBe(c.samplesFor(TEXT));
        // A sentence of 31 characters is said in well under 10 s and over a tenth of one.
        const seconds = samplesOf(blocks) / tts.sampleRateHz;
        expect(seconds).toBeGreaterThan(0.1);
        expect(seconds).toBeLessThan(10);
      }));

    it('rejects at once on a signal already aborted', () =>
      using(c.start(), async ({ tts }) => {
        const error = await failureOf(speak(tts, AbortSignal.abort()));
        expect(error).toMatchObject({ name: 'AbortError' });
      }));

    it('lets the consumer leave early, and speaks again after', () =>
      using(c.start(), async ({ tts }) => {
        for await (const block of synthesize(tts, {
          text: TEXT,
          signal: new AbortController().signal,
        })) {
          expect(block.length).toBeGreaterThan(0);
          break;
        }
        expect(
          samplesOf(await speak(tts, AbortSignal.timeout(30_000), [], 'Again.')),
        ).toBeGreaterThan(0);
      }));

    const service = c.service;
    if (!service) return;
    serviceContract({
      service,
      call: (s, signal) => speak(s.tts, signal),
      idOf: (s) => s.tts.info.id,
      protocolFault: { kind: 'mislabelled' },
      networkFault: { kind: 'reset', afterChunks: 2 },
    });

    it('closes its request when the consumer leaves early', () =>
      using(service.start({ kind: 'stall', afterChunks: 2 }), async (s) => {
        // A stalled body never ends by itself: only the adapter can close it.
        for await (const block of synthesize(s.tts, {
          text: TEXT,
          signal: new AbortController().signal,
        })) {
          expect(block.length).toBeGreaterThan(0);
          break;
        }
        await expect.poll(() => s.openConnections()).toBe(0);
      }));

    it('ends when aborted mid-body, and closes the request', () =>
      using(service.start({ kind: 'stall', afterChunks: 1 }), async (s) => {
        const controller = new AbortController();
        const done = failureOf(speak(s.tts, controller.signal));
        await expect.poll(() => s.requests()).toBe(1);
        controller.abort();
        expect(await done).toMatchObject({ name: 'AbortError' });
        await expect.poll(() => s.openConnections()).toBe(0);
      }));

    it('plays nothing of an answer that is not audio, and keeps what came before a loss', () =>
      using(service.start({ kind: 'mislabelled' }), async (s) => {
        const none: Int16Array[] = [];
        await failureOf(speak(s.tts, AbortSignal.timeout(10_000), none));
        expect(none).toEqual([]);
        const cut = await service.start({ kind: 'reset', afterChunks: 2 });
        try {
          const before: Int16Array[] = [];
          await failureOf(speak(cut.tts, AbortSignal.timeout(10_000), before));
          expect(samplesOf(before)).toBeGreaterThan(0);
        } finally {
          await cut.close();
        }
      }));
  });
}

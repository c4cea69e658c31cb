import { describe, expect, it } from 'vitest';
import type { AsrProvider, AsrResult, AsrStream } from '../../src/providers/stages/asr.ts';
import {
  failureOf,
  serviceContract,
  using,
  type Closable,
  type ServiceCases,
} from './conformance-kit.ts';

/** A recogniser under test. */
export interface AsrSubject extends Closable {
  asr: AsrProvider;
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
  /**
   * What of a result's text is compared with the transcript; absent: all of it. A recogniser
   * that writes (capitals, punctuation: Moonshine) is compared by its words.
   */
  heard?: (text: string) => string;
  /** For a recogniser of a service: it against its fake doing a fault, or given a bad key. */
  service?: ServiceCases<AsrSubject>;
}

/** Writes `u` in 100 ms chunks, as the relay writes uplink audio. */
function say(stream: AsrStream, u: Utterance): AsrStream {
  const chunk = u.sampleRateHz / 10;
  for (let at = 0; at < u.samples.length; at += chunk)
    stream.write(u.samples.subarray(at, at + chunk));
  return stream;
}

/** `u` said to `asr` to its end: what it heard. */
const recognise = (asr: AsrProvider, u: Utterance, signal: AbortSignal): Promise<AsrResult> =>
  say(asr.start({ sampleRateHz: u.sampleRateHz, signal }), u).finish();

/**
 * What every speech-recognition adapter must do (issue 47): recognise an utterance written as it
 * arrives and report its usage (the audio it received, in ms); end at once on an aborted signal
 * and on `abort()` (a pending `finish` rejects, a later one too), then recognise the next; for a
 * recogniser of a service, what `serviceContract` says (nothing asked when aborted, its
 * deadline, failures typed). The embedded recogniser calls no service: the contract of a
 * service's failures does not apply to it.
 */
export function asrConformance(name: string, c: AsrCase): void {
  const heard = c.heard ?? ((text: string) => text);
  describe(`${name}: the ASR contract`, () => {
    it('recognises an utterance written as it arrives, and reports the audio it received', () =>
      using(c.start(), async ({ asr }) => {
        const u = await c.utterance();
        const result = await recognise(asr, u, AbortSignal.timeout(60_000));
        expect(heard(result.text)).toBe(u.transcript);
        const ms = (u.samples.length * 1000) / u.sampleRateHz;
        expect(Math.abs(result.audioMs - ms)).toBeLessThanOrEqual(ms * 0.02 + 1);
      }));

    it('rejects at once on a signal already aborted', () =>
      using(c.start(), async ({ asr }) => {
        const error = await failureOf(recognise(asr, await c.utterance(), AbortSignal.abort()));
        expect(error).toMatchObject({ name: 'AbortError' });
      }));

    it('abandons an utterance on abort(): its finish rejects, then and after', () =>
      using(c.start(), async ({ asr }) => {
        const u = await c.utterance();
        const stream = say(
          asr.start({ sampleRateHz: u.sampleRateHz, signal: new AbortController().signal }),
          u,
        );
        const finished = failureOf(stream.finish());
        stream.abort();
        stream.abort();
        expect(await finished).toMatchObject({ name: 'AbortError' });
        expect(await failureOf(stream.finish())).toMatchObject({ name: 'AbortError' });
        // And recognises the next one.
        expect(heard((await recognise(asr, u, AbortSignal.timeout(60_000))).text)).toBe(
          u.transcript,
        );
      }));

    const service = c.service;
    if (!service) return;
    serviceContract({
      service,
      call: async (s, signal) => recognise(s.asr, await c.utterance(), signal),
      idOf: (s) => s.asr.info.id,
      protocolFault: { kind: 'malformed', afterChunks: 0 },
      networkFault: { kind: 'reset', afterChunks: 0 },
    });
  });
}

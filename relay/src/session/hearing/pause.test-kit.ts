import { expect } from 'vitest';
import type { SessionKit } from '../session.test-kit.ts';

/** Lets every callback queued so far run (the fakes answer at once). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The words sent for the pause at seq 5 (the one `speaks(1, 6).pauses(1)` makes), each with its
 * reading: `hypothesis: …` or `closed: …`.
 */
export const readings = (k: SessionKit) =>
  k.link
    .messages('transcript.partial')
    .filter((m) => m.pauseSeq === 5)
    .map((m) => `${m.reading ?? 'hypothesis'}: ${m.text}`);

/**
 * The recogniser's running hypothesis is `hypothesis` as the user speaks; it can say its words
 * so far, and its reading of the audio up to a pause and its final transcript are `closed`.
 */
export function hears(k: SessionKit, hypothesis: string, closed: string): void {
  k.providers.asr.snapshots = true;
  k.providers.asr.hypothesis = hypothesis;
  k.providers.asr.transcript = closed;
}

/**
 * The embedded recogniser, which {@link hears} so and cuts at a pause: its reading of the audio
 * up to the pause is a final pass that takes its time, held until the test releases it
 * (`releaseSnapshots`).
 */
export function cutsAt(k: SessionKit, hypothesis: string, closed = hypothesis): void {
  hears(k, hypothesis, closed);
  k.providers.asr.cutSnapshots = true;
  k.providers.asr.holdSnapshots();
}

/** The words the model was last asked to answer (the user's, in its last request). */
export const asked = (k: SessionKit) => k.providers.llm.lastMessages.at(-1)?.content;

/**
 * Turn 1 is answered in full (`completed`), and, where given, with these speculations started,
 * promoted and dropped at its pauses.
 */
export async function completes(
  k: SessionKit,
  speculations?: SessionKit['observer']['speculations'],
): Promise<void> {
  expect((await k.turnDone(1)).status).toBe('completed');
  if (speculations) expect(k.observer.speculations).toEqual(speculations);
}

import type { Logger } from '../log/logger.ts';
import { asrBilledTo } from '../metering/call-billing.ts';
import { asrUsage } from '../metering/usage.ts';
import { knownRecognition } from '../pipeline/known-recognition.ts';
import type { TurnBilling, TurnOutput, TurnResult } from '../pipeline/turn.ts';
import type { AsrStream } from '../providers/types.ts';
import { sameWords, type Speculation } from './speculation.ts';
import type { Utterance } from './utterance.ts';

export interface AnswerDeps {
  /** Runs the turn on `asr` (metering `audioMs` of recognition: 0 when already metered). */
  run(asr: AsrStream, audioMs: number): Promise<TurnResult>;
  output: TurnOutput;
  billing: Pick<TurnBilling, 'record'>;
  /** The ASR chain's primary, for a recogniser that does not say who served. */
  asrId: string;
  /** The final transcript arrived now (epoch ms). */
  recognized(atMs: number): void;
  /** The speculation was dropped (metered as it winds down). */
  drop(spec: Speculation, reason: string): void;
  promoted(): void;
  now: () => number;
  log: Logger;
}

/**
 * The answer to an ended utterance. Without a standing speculation, a turn on its recogniser.
 * With one, the recogniser's final text decides: the same words as the speculation heard → its
 * held answer is released (already on its way); different → the speculation is dropped and the
 * turn runs on the final text; no final text → the turn fails (or is cancelled) as an
 * unspeculated one would.
 */
export async function answerUtterance(
  u: Utterance,
  signal: AbortSignal,
  d: AnswerDeps,
): Promise<TurnResult> {
  const spec = u.takeSpeculation();
  if (!spec) return d.run(u.asr, u.audioMs);
  signal.addEventListener('abort', () => spec.abort.abort(signal.reason), { once: true });
  const recognized = await u.asr.finish().then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (recognized.ok) d.recognized(d.now());
  // The audio is paid for, whatever the recogniser made of it, to the provider that served
  // (metered first: a later record of the same call is not counted again); nothing when every
  // provider failed.
  const outcome = recognized.ok ? 'done' : signal.aborted ? 'cancelled' : 'failed';
  const served = recognized.ok ? recognized.result : undefined;
  const to = asrBilledTo(u.asr, outcome, d.asrId, served);
  if (to !== null) d.billing.record(u.turnId, 0, asrUsage(to, u.audioMs));
  if (!recognized.ok) {
    spec.abort.abort(recognized.error);
    return d.run(knownRecognition({ error: recognized.error }), 0);
  }
  const final = recognized.result.text.trim();
  // (Read through a call: the speculation may have been dropped while we awaited.)
  if (sameWords(await spec.recognized, final) && !spec.abort.signal.aborted) {
    d.log.debug({ snapshotSeq: spec.snapshotSeq }, 'speculative answer promoted');
    d.promoted();
    spec.held.release(d.output);
    // The speculation ran on the main recogniser's snapshot, which it did not bill: the turn
    // was heard by the recogniser billed above.
    const result = await spec.done;
    return to !== null && result.servedBy.asr === undefined
      ? { ...result, servedBy: { ...result.servedBy, asr: to } }
      : result;
  }
  d.drop(spec, 'the final transcript differs');
  return d.run(knownRecognition({ result: { ...recognized.result, text: final } }), 0);
}

import type { Logger } from '../../log/logger.ts';
import { asrBilledTo } from '../../metering/call-billing.ts';
import { asrUsage } from '../../metering/usage.ts';
import { knownRecognition } from '../../pipeline/known-recognition.ts';
import { forwardTo } from '../../pipeline/output-forwarding.ts';
import type { TurnBilling, TurnOutput, TurnResult } from '../../pipeline/turn.ts';
import type { AsrResult, AsrStream } from '../../providers/stages/asr.ts';
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

/** The recogniser's final transcript of an utterance, or why there is none. */
type Recognition = { ok: true; result: AsrResult } | { ok: false; error: unknown };

/**
 * The answer to an ended utterance. Without a standing speculation, a turn on its recogniser.
 * With one, whichever comes first decides:
 * - the recogniser's settled reading of the audio up to the pause (the user said nothing after
 *   it): the same words as the speculation heard → its held answer is released at once;
 *   other words → the speculation is dropped and the turn runs on them at once. Either way the
 *   final transcript only follows to be metered (the answer stands if it says otherwise: logged);
 * - the final transcript: the same words as the speculation heard → its held answer is
 *   released (already on its way); different → the speculation is dropped and the turn runs on
 *   the final text; no final text → the turn fails (or is cancelled) as an unspeculated one
 *   would.
 */
export async function answerUtterance(
  u: Utterance,
  signal: AbortSignal,
  d: AnswerDeps,
): Promise<TurnResult> {
  const spec = u.takeSpeculation();
  if (!spec) return d.run(u.asr, u.audioMs);
  signal.addEventListener('abort', () => spec.abort.abort(signal.reason), { once: true });
  const finishing = u.asr.finish().then(
    (result): Recognition => ({ ok: true, result }),
    (error: unknown): Recognition => ({ ok: false, error }),
  );
  const first = await Promise.race([finishing, spec.settled]);
  if (typeof first === 'string' && first !== '' && !spec.abort.signal.aborted) {
    d.recognized(d.now());
    const answering = sameWords(await spec.recognized, first)
      ? promote(spec, d, 'settled speculative answer promoted', first)
      : (d.drop(spec, 'the settled words of the pause differ'),
        d.run(knownRecognition({ result: { text: first, audioMs: u.audioMs } }), 0));
    const recognized = await finishing;
    const to = bill(u, recognized, signal, d);
    if (!recognized.ok)
      d.log.warn({ err: recognized.error }, 'final transcript failed after the answer started');
    else if (!sameWords(recognized.result.text, first))
      d.log.info('answered on the settled words of the pause; the final transcript says otherwise');
    return servedByRecogniser(await answering, to);
  }
  const recognized = await finishing;
  if (recognized.ok) d.recognized(d.now());
  const to = bill(u, recognized, signal, d);
  if (!recognized.ok) {
    spec.abort.abort(recognized.error);
    return d.run(knownRecognition({ error: recognized.error }), 0);
  }
  const final = recognized.result.text.trim();
  // (Read through a call: the speculation may have been dropped while we awaited.)
  if (sameWords(await spec.recognized, final) && !spec.abort.signal.aborted)
    return servedByRecogniser(await promote(spec, d, 'speculative answer promoted', final), to);
  d.drop(spec, 'the final transcript differs');
  return d.run(knownRecognition({ result: { ...recognized.result, text: final } }), 0);
}

/**
 * Releases the speculation's held answer to the user: it is the turn's answer. The user's words
 * are told and kept as `written` — the same words the answer heard, as the recogniser that
 * settled them writes them (Moonshine's "What time is it?" for PocketSphinx's "what time is
 * it"), so a transcript does not change its writing with which reading came first.
 */
function promote(
  spec: Speculation,
  d: AnswerDeps,
  what: string,
  written: string,
): Promise<TurnResult> {
  d.log.debug({ snapshotSeq: spec.snapshotSeq }, what);
  d.promoted();
  spec.held.release(writtenAs(d.output, written));
  return spec.done.then((r) => (r.transcript === '' ? r : { ...r, transcript: written }));
}

/** `output`, telling the user's words as `written`. */
function writtenAs(output: TurnOutput, written: string): TurnOutput {
  return forwardTo(output, { transcript: () => output.transcript(written) });
}

/**
 * The audio is paid for, whatever the recogniser made of it, to the provider that served
 * (metered first: a later record of the same call is not counted again); nothing when every
 * provider failed. Returns whom it was billed to.
 */
function bill(
  u: Utterance,
  recognized: Recognition,
  signal: AbortSignal,
  d: AnswerDeps,
): string | null {
  const outcome = recognized.ok ? 'done' : signal.aborted ? 'cancelled' : 'failed';
  const served = recognized.ok ? recognized.result : undefined;
  const to = asrBilledTo(u.asr, outcome, d.asrId, served);
  if (to !== null) d.billing.record(u.turnId, 0, asrUsage(to, u.audioMs));
  return to;
}

/**
 * A promoted speculation ran on the main recogniser's words, which it did not bill: the turn
 * was heard by the recogniser billed for it.
 */
function servedByRecogniser(result: TurnResult, to: string | null): TurnResult {
  return to !== null && result.servedBy.asr === undefined
    ? { ...result, servedBy: { ...result.servedBy, asr: to } }
    : result;
}

import { logFailure } from '../error-tracking/report-error.ts';
import { isAbortError, RelayError } from '../errors.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { BudgetStop } from './turn-speech.ts';

/**
 * What a turn comes to when its speaking part threw `err`: the budget refused a call (the
 * session ends with it), the turn was stopped (cancelled), or no voice could say it (failed,
 * the client told). The client hears of the budget and the voice from here.
 */
export function afterSpeechFailure(
  o: Pick<TurnOptions, 'turnId' | 'output' | 'signal' | 'log'>,
  result: TurnResult,
  err: unknown,
): TurnResult {
  if (err instanceof BudgetStop) {
    o.output.error(err.error);
    return { ...result, status: 'failed', budgetStop: err.error };
  }
  if (o.signal.aborted || isAbortError(err)) return { ...result, status: 'cancelled' };
  logFailure(o.log, err, 'tts failed');
  o.output.error(RelayError.providerFailed('tts', o.turnId, err));
  return { ...result, status: 'failed' };
}

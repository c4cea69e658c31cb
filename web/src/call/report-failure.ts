import { currentIntl } from '../i18n/language.ts';
import type { AppActions } from '../state/store.ts';
import type { StartFailure } from '@parley/client';

/** Where a failure is shown: the store, and the page's watch on the relay. */
export interface FailureSink {
  actions: AppActions;
  /** The relay could not be reached: the page watches for it to come back. */
  relayUnreachable(): void;
}

/**
 * Shows a failure the one way it is shown: an unreachable relay in the relay notice (with a
 * retry, of the call when `retry` says so), a blocked microphone in its own notice (typing goes
 * on), anything else as the app's notice: the relay's words, or the page's (in its language of
 * the moment).
 */
export function reportFailure(
  to: FailureSink,
  failure: StartFailure,
  retry: 'call' | null = null,
): void {
  const { actions } = to;
  switch (failure.kind) {
    case 'unreachable':
      to.relayUnreachable();
      actions.setStartRetry(retry);
      return;
    case 'needs-token':
      actions.setNeedsToken(true);
      actions.setNotice(currentIntl().formatMessage({ id: 'failure.needsToken' }));
      return;
    case 'mic':
      actions.setMicBlocked(failure.failure);
      return;
    case 'refused':
      actions.setNotice(failure.text);
      return;
    case 'gave-up':
      actions.setNotice(currentIntl().formatMessage({ id: 'failure.gaveUp' }));
      return;
    case 'not-started':
      actions.setNotice(currentIntl().formatMessage({ id: 'failure.notStarted' }));
      return;
    case 'insecure':
      actions.setNotice(currentIntl().formatMessage({ id: 'mic.insecure' }));
      return;
    case 'vad-failed':
      actions.setNotice(
        currentIntl().formatMessage({ id: 'vad.failed' }, { reason: failure.reason }),
      );
      return;
  }
}

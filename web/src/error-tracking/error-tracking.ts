import { clientConfig } from '@parley/shared';
import { relayHttpBase } from '../net/api.ts';
import { store } from '../state/store.ts';
import { errorScope, isReportedRelayError } from './error-scope.ts';
import type { PageErrorTracker, RelayErrorReport } from './page-error-tracker.ts';

let tracker: PageErrorTracker | null = null;

/**
 * Asks the relay whether the page reports its errors and, only if it does, loads Sentry's
 * browser SDK (a chunk of its own, never loaded otherwise) and starts it: uncaught errors and
 * unhandled rejections from then on, and what the call reports (below). Never throws: a page
 * that cannot tell goes on without error tracking.
 */
export async function startErrorTracking(): Promise<void> {
  try {
    // Without the user's token: the page asks before anyone signs in (and an embedding page's
    // `parleyGetToken` is not called for it).
    const res = await fetch(`${relayHttpBase()}/api/client-config`, { cache: 'no-store' });
    if (!res.ok) return;
    const options = clientConfig.parse(await res.json()).errorTracking;
    if (!options) return;
    const { startSentry } = await import('./sentry-browser.ts');
    tracker = startSentry({ ...options, tunnel: `${relayHttpBase()}${options.tunnel}` }, () =>
      errorScope(store.getState()),
    );
  } catch {
    // Offline, an older relay, a blocked chunk: no error tracking on this page.
  }
}

/** Reports an unexpected failure of the call (`what` failed), when error tracking is on. */
export function reportCallFailure(err: unknown, what: string): void {
  tracker?.exception(err, what);
}

/** Reports an `error` the relay sent, when it says something broke (see `isReportedRelayError`). */
export function reportRelayError(m: RelayErrorReport): void {
  if (isReportedRelayError(m.code)) tracker?.relayError(m);
}

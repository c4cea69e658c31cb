import { useEffect, useSyncExternalStore } from 'react';
import { reportCallFailure } from '../error-tracking/error-tracking.ts';
import { checkRelay, pageReachability } from '../net/reachability.ts';
import { actions, store, useApp } from '../state/store.ts';
import type { ParleyCall } from '@parley/client';
import { reportFailure } from '../call/report-failure.ts';
import { useCall } from './call-context.ts';
import { relayNotice } from './relay-notice.ts';
import { retryRelay } from './relay-retry.ts';
import { useT } from '../i18n/use-t.ts';

/** Failures of a retry are shown as a call's are, in the page's store. */
const pageFailures = { actions, relayUnreachable: () => pageReachability.unreachable() };

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Taps on Retry so far: only the latest one's retry goes on trying. */
let taps = 0;

/**
 * Checks the relay again now, and starts the call again if that is what failed, until it starts
 * (see `retryRelay`).
 */
function retry(call: ParleyCall): Promise<void> {
  const tap = ++taps;
  return retryRelay({
    startRetry: () => store.getState().startRetry,
    clearStartRetry: () => actions.setStartRetry(null),
    startCall: () => call.start(),
    callStarted: () => store.getState().call !== 'idle',
    checkRelay,
    failed: (err) => {
      reportCallFailure(err, 'retry failed');
      reportFailure(pageFailures, { kind: 'not-started' });
    },
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => Math.random(),
    visible: () => document.visibilityState === 'visible',
    current: () => tap === taps,
  });
}

/**
 * The one message about reaching the relay: no network ("offline", only when the browser says
 * so), or the relay not answering (checked at load and again every few seconds while it does
 * not) — with a retry that checks at once and starts the call again when that is what failed;
 * that call's retry stays offered once the relay answers again (see `relayNotice`).
 */
export function OfflineNotice() {
  const t = useT();
  const call = useCall();
  const online = useSyncExternalStore(subscribe, () => navigator.onLine);
  const notice = useApp((s) =>
    relayNotice({
      relayReachable: s.relayReachable,
      inCall: s.call !== 'idle',
      startRetry: s.startRetry,
    }),
  );
  useEffect(() => {
    void checkRelay();
  }, [online]);
  if (!online)
    return (
      <p className="notice notice-error" role="status" data-testid="offline-notice">
        {t('offline.notice')}
      </p>
    );
  // During a call the reconnect notice speaks for the connection.
  if (notice === null) return null;
  const back = notice === 'back';
  return (
    <div className="notices">
      <div
        className={`notice ${back ? 'notice-info' : 'notice-error'} notice-with-action`}
        role={back ? 'status' : 'alert'}
        data-testid={back ? 'relay-back' : 'relay-unreachable'}
      >
        <p>{t(back ? 'failure.reachedAgain' : 'failure.unreachable')}</p>
        <button type="button" data-testid="relay-retry" onClick={() => void retry(call)}>
          {t('offline.retry')}
        </button>
      </div>
    </div>
  );
}

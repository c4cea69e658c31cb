import { useEffect, useSyncExternalStore } from 'react';
import { checkRelay } from '../net/reachability.ts';
import { actions, store, useApp } from '../state/store.ts';
import type { Call } from '../voice/call/create-call.ts';
import { useCall } from './call-context.ts';
import { useT } from '../i18n/use-t.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Checks the relay again now, and starts the call again if that is what failed. */
async function retry(call: Call): Promise<void> {
  const again = store.getState().startRetry === 'call';
  if (again) {
    // Started inside the tap: the call's audio needs the gesture.
    actions.setStartRetry(null);
    await call.start();
  }
  await checkRelay();
}

/**
 * The one message about reaching the relay: no network ("offline", only when the browser says
 * so), or the relay not answering (checked at load and again every few seconds while it does
 * not) — with a retry that checks at once and starts the call again when that is what failed.
 */
export function OfflineNotice() {
  const t = useT();
  const call = useCall();
  const online = useSyncExternalStore(subscribe, () => navigator.onLine);
  const reachable = useApp((s) => s.relayReachable);
  const inCall = useApp((s) => s.call !== 'idle');
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
  if (reachable !== false || inCall) return null;
  return (
    <div className="notices">
      <div
        className="notice notice-error notice-with-action"
        role="alert"
        data-testid="relay-unreachable"
      >
        <p>{t('failure.unreachable')}</p>
        <button type="button" data-testid="relay-retry" onClick={() => void retry(call)}>
          {t('offline.retry')}
        </button>
      </div>
    </div>
  );
}

/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useApp } from '../state/store.ts';

/**
 * Registers the service worker (the app shell and voice models work offline) and tells the user
 * when a new version is ready. It takes over only when they say so, and never during a call.
 */
export function UpdatePrompt() {
  const call = useApp((s) => s.call);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });
  if (!needRefresh) return null;
  const inCall = call !== 'idle';
  return (
    <div className="notice notice-info update-prompt" role="status" data-testid="update-prompt">
      <span>
        A new version of Parley is ready.
        {inCall ? ' It will be used after this conversation.' : ''}
      </span>
      <button type="button" disabled={inCall} onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
      <button type="button" onClick={() => setNeedRefresh(false)}>
        Later
      </button>
    </div>
  );
}

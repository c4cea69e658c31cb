/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useApp } from '../state/store.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * Registers the service worker (the app shell and voice models work offline) and tells the user
 * when a new version is ready. It takes over only when they say so, and never during a call.
 */
export function UpdatePrompt() {
  const t = useT();
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
        {t('update.ready')}
        {inCall ? ` ${t('update.afterCall')}` : ''}
      </span>
      <button type="button" disabled={inCall} onClick={() => void updateServiceWorker(true)}>
        {t('update.reload')}
      </button>
      <button type="button" onClick={() => setNeedRefresh(false)}>
        {t('update.later')}
      </button>
    </div>
  );
}

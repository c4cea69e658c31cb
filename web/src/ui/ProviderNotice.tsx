import { useApp } from '../state/store.ts';
import { fallbackText } from './fallback-text.ts';
import { useDismissal } from './notice-dismissal.ts';
import { useIntl } from 'react-intl';
import { OFFLINE_RESPONDER_ID } from './provider-name.ts';

/**
 * Tells the user what is answering: that the offline responder is not a real LLM, with the way to
 * connect one, or that the model connected could not answer the last turn (which, why, who did
 * instead), with the way to check it. `onConnectModel` opens Settings at the assistant's
 * providers. Both are about the conversation: shown only with it (`conversationShown`), never
 * above Settings, the history or the reminders. The offline responder's few words wait until the
 * first screen, which says the same at length, has made way for the conversation; once
 * dismissed they are not shown again in this browser (see `useDismissal`).
 */
export function ProviderNotice({
  onConnectModel,
  conversationShown,
}: {
  onConnectModel: () => void;
  conversationShown: boolean;
}) {
  const intl = useIntl();
  const providers = useApp((s) => s.providers);
  const fallback = useApp((s) => s.llmFallback);
  const notice = useApp((s) => s.notice);
  const duplex = useApp((s) => s.duplex);
  const call = useApp((s) => s.call);
  const firstScreen = useApp((s) => s.entries.length === 0 && s.call === 'idle');
  const relayNotice = providers?.llm.notice;
  // Dismissed by the relay's words, whatever the language it is shown in.
  const [dismissed, dismiss] = useDismissal(relayNotice);
  const shownFallback = conversationShown ? fallback : null;
  // A model that failed is the news: the offline responder's own notice would ask for a model
  // the user has already connected.
  const llmNotice =
    fallback || !conversationShown || firstScreen || dismissed ? undefined : relayNotice;
  const halfDuplex = duplex === 'half' && call !== 'idle';
  if (!notice && !llmNotice && !shownFallback && !halfDuplex) return null;
  return (
    <div className="notices">
      {shownFallback ? (
        <p className="notice notice-warn" role="status" data-testid="llm-fallback-notice">
          {fallbackText(intl, shownFallback)}
          <button
            type="button"
            className="notice-link"
            data-testid="check-model-link"
            onClick={onConnectModel}
          >
            {intl.formatMessage({ id: 'providerNotice.check' })}
          </button>
        </p>
      ) : null}
      {llmNotice ? (
        <p className="notice notice-info notice-dismissible" data-testid="llm-notice">
          <span>
            {providers?.llm.id === OFFLINE_RESPONDER_ID
              ? intl.formatMessage({ id: 'providerNotice.offline' })
              : llmNotice}
            <button
              type="button"
              className="notice-link"
              data-testid="connect-model-link"
              onClick={onConnectModel}
            >
              {intl.formatMessage({ id: 'providerNotice.connect' })}
            </button>
          </span>
          <button
            type="button"
            className="notice-dismiss"
            data-testid="llm-notice-dismiss"
            aria-label={intl.formatMessage({ id: 'providerNotice.dismiss' })}
            title={intl.formatMessage({ id: 'providerNotice.dismissTitle' })}
            onClick={dismiss}
          >
            ✕
          </button>
        </p>
      ) : null}
      {halfDuplex ? (
        <p className="notice notice-info" data-testid="duplex-hint">
          {intl.formatMessage({ id: 'providerNotice.halfDuplex' })}
        </p>
      ) : null}
      {notice ? (
        <p className="notice notice-error" role="alert" data-testid="app-notice">
          {notice}
        </p>
      ) : null}
    </div>
  );
}

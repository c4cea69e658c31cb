import { useApp } from '../state/store.ts';
import { fallbackText } from './fallback-text.ts';
import { useDismissal } from './notice-dismissal.ts';

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
  const providers = useApp((s) => s.providers);
  const fallback = useApp((s) => s.llmFallback);
  const notice = useApp((s) => s.notice);
  const duplex = useApp((s) => s.duplex);
  const call = useApp((s) => s.call);
  const firstScreen = useApp((s) => s.entries.length === 0 && s.call === 'idle');
  const relayNotice = providers?.llm.notice;
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
          {fallbackText(shownFallback)}
          <button
            type="button"
            className="notice-link"
            data-testid="check-model-link"
            onClick={onConnectModel}
          >
            Check Settings
          </button>
        </p>
      ) : null}
      {llmNotice ? (
        <p className="notice notice-info notice-dismissible" data-testid="llm-notice">
          <span>
            {llmNotice}
            <button
              type="button"
              className="notice-link"
              data-testid="connect-model-link"
              onClick={onConnectModel}
            >
              Connect a model
            </button>
          </span>
          <button
            type="button"
            className="notice-dismiss"
            data-testid="llm-notice-dismiss"
            aria-label="Dismiss this notice"
            title="Dismiss: not shown again in this browser"
            onClick={dismiss}
          >
            ✕
          </button>
        </p>
      ) : null}
      {halfDuplex ? (
        <p className="notice notice-info" data-testid="duplex-hint">
          Your speakers can be heard by the microphone: tap Interrupt (or press Esc) to stop the
          assistant, or use headphones to interrupt it by speaking.
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

import { useApp } from '../state/store.ts';
import { fallbackText } from './fallback-text.ts';

/**
 * Tells the user what is answering: that the offline responder is not a real LLM, with the way to
 * connect one, or that the model connected could not answer the last turn (which, why, who did
 * instead), with the way to check it. `onConnectModel` opens Settings at the assistant's
 * providers.
 */
export function ProviderNotice({ onConnectModel }: { onConnectModel: () => void }) {
  const providers = useApp((s) => s.providers);
  const fallback = useApp((s) => s.llmFallback);
  const notice = useApp((s) => s.notice);
  const duplex = useApp((s) => s.duplex);
  const call = useApp((s) => s.call);
  // A model that failed is the news: the offline responder's own notice would ask for a model
  // the user has already connected.
  const llmNotice = fallback ? undefined : providers?.llm.notice;
  const halfDuplex = duplex === 'half' && call !== 'idle';
  if (!notice && !llmNotice && !fallback && !halfDuplex) return null;
  return (
    <div className="notices">
      {fallback ? (
        <p className="notice notice-warn" role="status" data-testid="llm-fallback-notice">
          {fallbackText(fallback)}
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
        <p className="notice notice-info" data-testid="llm-notice">
          {llmNotice}
          <button
            type="button"
            className="notice-link"
            data-testid="connect-model-link"
            onClick={onConnectModel}
          >
            Connect a model
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

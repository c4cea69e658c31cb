import { useApp } from '../state/store.ts';

/**
 * Tells the user what is answering, e.g. that the offline responder is not a real LLM, with the
 * way to connect one (`onConnectModel` opens Settings at the assistant's providers).
 */
export function ProviderNotice({ onConnectModel }: { onConnectModel: () => void }) {
  const providers = useApp((s) => s.providers);
  const notice = useApp((s) => s.notice);
  const duplex = useApp((s) => s.duplex);
  const call = useApp((s) => s.call);
  const llmNotice = providers?.llm.notice;
  const halfDuplex = duplex === 'half' && call !== 'idle';
  if (!notice && !llmNotice && !halfDuplex) return null;
  return (
    <div className="notices">
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

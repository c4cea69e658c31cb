import { useApp } from '../state/store.ts';

/** Tells the user what is answering, e.g. that the offline responder is not a real LLM. */
export function ProviderNotice() {
  const providers = useApp((s) => s.providers);
  const notice = useApp((s) => s.notice);
  const llmNotice = providers?.llm.notice;
  if (!notice && !llmNotice) return null;
  return (
    <div className="notices">
      {llmNotice ? (
        <p className="notice notice-info" data-testid="llm-notice">
          {llmNotice}
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

import { useId } from 'react';
import type { DetectedServer } from '@parley/shared';
import { SERVER_LABELS } from '../../settings/provider-kinds.ts';

/** Models offered per server as one-click buttons; the rest are in the model list after "Use". */
const MAX_BUTTONS = 4;

interface Props {
  servers: DetectedServer[] | null;
  scanning: boolean;
  error: string | null;
  /** The language model stage is set by the environment: nothing can be used from here. */
  locked: boolean;
  onScan: () => void;
  onUse: (server: DetectedServer, model: string) => void;
}

/** Local model servers found on their usual loopback ports, each model one click from use. */
export function DetectedServers({ servers, scanning, error, locked, onScan, onUse }: Props) {
  const headingId = useId();
  return (
    <section className="detected" aria-labelledby={headingId} aria-busy={scanning}>
      <div className="detected-head">
        <h3 id={headingId}>Local servers detected</h3>
        <button type="button" data-testid="detect-scan" disabled={scanning} onClick={onScan}>
          {scanning ? 'Scanning…' : 'Scan again'}
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      {servers === null ? null : servers.length === 0 ? (
        <p className="field-hint" data-testid="detected-none">
          No local model server answered on the usual ports (Ollama 11434, LM Studio 1234, llama.cpp
          8080, vLLM 8000). Start one, then scan again.
        </p>
      ) : (
        <ul className="detected-list">
          {servers.map((s) => (
            <li key={s.baseUrl} data-testid="detected-server" data-server={s.server}>
              <span>
                <strong>{SERVER_LABELS[s.server]}</strong>{' '}
                <span className="field-hint">at {s.baseUrl}</span>
              </span>
              {s.models.length === 0 ? (
                <span className="field-hint">It has no model loaded.</span>
              ) : (
                <span className="detected-models">
                  {s.models.slice(0, MAX_BUTTONS).map((m) => (
                    <button
                      key={m}
                      type="button"
                      data-testid="detected-use"
                      disabled={locked}
                      onClick={() => onUse(s, m)}
                    >
                      Use {SERVER_LABELS[s.server]} {m}
                    </button>
                  ))}
                  {s.models.length > MAX_BUTTONS ? (
                    <span className="field-hint">
                      and {s.models.length - MAX_BUTTONS} more, in the model list once used
                    </span>
                  ) : null}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

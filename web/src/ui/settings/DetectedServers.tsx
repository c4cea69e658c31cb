import { useId } from 'react';
import type { DetectedServer } from '@parley/shared';
import { SERVER_LABELS } from '../../settings/provider-kinds.ts';
import { useT } from '../../i18n/use-t.ts';

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
  const t = useT();
  const headingId = useId();
  return (
    <section className="detected" aria-labelledby={headingId} aria-busy={scanning}>
      <div className="detected-head">
        <h3 id={headingId}>{t('detected.heading')}</h3>
        <button type="button" data-testid="detect-scan" disabled={scanning} onClick={onScan}>
          {t(scanning ? 'detected.scanning' : 'detected.scanAgain')}
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      {servers === null ? null : servers.length === 0 ? (
        <p className="field-hint" data-testid="detected-none">
          {t('detected.none')}
        </p>
      ) : (
        <ul className="detected-list">
          {servers.map((s) => (
            <li key={s.baseUrl} data-testid="detected-server" data-server={s.server}>
              <span>
                <strong>{SERVER_LABELS[s.server]}</strong>{' '}
                <span className="field-hint">{t('detected.at', { address: s.baseUrl })}</span>
              </span>
              {s.models.length === 0 ? (
                <span className="field-hint">{t('detected.noModel')}</span>
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
                      {t('detected.use', { server: SERVER_LABELS[s.server], model: m })}
                    </button>
                  ))}
                  {s.models.length > MAX_BUTTONS ? (
                    <span className="field-hint">
                      {t('detected.more', { count: s.models.length - MAX_BUTTONS })}
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

import { useState } from 'react';
import type { ProviderOpsStatus } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatMs } from '../PercentileTable.tsx';
import { resetProvider } from './admin-api.ts';
import { resetOutcome } from './ops-format.ts';
import { providerName } from '../provider-name.ts';
import { STAGE_NAMES } from '../../settings/settings-text.ts';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';

/**
 * Every provider's state with a reset button each: it closes the provider's breaker (the admin
 * API's `POST /api/admin/providers/:id/reset`), and says what the relay answered.
 */
export function ProviderControls({
  providers,
  token,
}: {
  providers: readonly ProviderOpsStatus[];
  token: string;
}) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const reset = async (p: ProviderOpsStatus) => {
    setBusy(p.id);
    try {
      const answer = await resetProvider(token, p.id);
      setOutcome({ ok: true, text: resetOutcome(intl, p.label, answer) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      setOutcome({ ok: false, text: t('ops.resetFailed', { label: p.label, why }) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section>
      <h2>{t('ops.providers')}</h2>
      <DebugTable
        testId="ops-providers"
        headings={[
          t('ops.col.stage'),
          t('ops.col.provider'),
          t('ops.col.state'),
          'p50',
          t('ops.col.calls'),
          t('ops.col.lastError'),
          t('ops.col.breaker'),
        ]}
      >
        {providers.map((p) => (
          <tr key={`${p.stage}-${p.id}`} data-health={p.health}>
            <td>{t(STAGE_NAMES[p.stage])}</td>
            <td>{providerName(intl, p)}</td>
            <td className={`ops-health ops-${p.health.toLowerCase()}`}>
              {t(`health.${p.health}`)}
            </td>
            <td>{formatMs(intl, p.latencyMs?.p50)}</td>
            <td>
              {p.calls} / {p.failures}
            </td>
            <td className="debug-said">{p.lastError?.message ?? ''}</td>
            <td>
              <button
                type="button"
                data-testid={`ops-reset-${p.id}`}
                disabled={busy !== null}
                aria-label={t('ops.resetLabel', { label: p.label })}
                title={t('ops.resetTitle')}
                onClick={() => void reset(p)}
              >
                {t(busy === p.id ? 'ops.resetting' : 'ops.reset')}
              </button>
            </td>
          </tr>
        ))}
      </DebugTable>
      {outcome && (
        <p
          className={outcome.ok ? 'muted' : 'notice notice-error'}
          role="status"
          data-testid="ops-reset-outcome"
        >
          {outcome.text}
        </p>
      )}
    </section>
  );
}

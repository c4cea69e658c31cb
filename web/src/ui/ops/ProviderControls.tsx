import { useState } from 'react';
import type { ProviderOpsStatus } from '@parley/shared';
import { DebugTable } from '../DebugTable.tsx';
import { formatMs } from '../PercentileTable.tsx';
import { resetProvider } from './admin-api.ts';
import { resetOutcome } from './ops-format.ts';

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
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const reset = async (p: ProviderOpsStatus) => {
    setBusy(p.id);
    try {
      const answer = await resetProvider(token, p.id);
      setOutcome({ ok: true, text: resetOutcome(p.label, answer) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      setOutcome({ ok: false, text: `Could not reset ${p.label}: ${why}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section>
      <h2>Providers</h2>
      <DebugTable
        testId="ops-providers"
        headings={[
          'Stage',
          'Provider',
          'State',
          'p50',
          'Calls / failures',
          'Last error',
          'Breaker',
        ]}
      >
        {providers.map((p) => (
          <tr key={`${p.stage}-${p.id}`} data-health={p.health}>
            <td>{p.stage}</td>
            <td>{p.label}</td>
            <td className={`ops-health ops-${p.health.toLowerCase()}`}>{p.health}</td>
            <td>{formatMs(p.latencyMs?.p50)}</td>
            <td>
              {p.calls} / {p.failures}
            </td>
            <td className="debug-said">{p.lastError?.message ?? ''}</td>
            <td>
              <button
                type="button"
                data-testid={`ops-reset-${p.id}`}
                disabled={busy !== null}
                aria-label={`Reset ${p.label}`}
                title="Close its circuit breaker: calls go to it again"
                onClick={() => void reset(p)}
              >
                {busy === p.id ? 'Resetting…' : 'Reset'}
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

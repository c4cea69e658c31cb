import {
  providerResetResponse,
  sessionMetricsList,
  usageReport,
  type ProviderResetResponse,
  type SessionMetricsList,
  type UsageReport,
} from '@parley/shared';
import { ApiError, callApi, relayHttpBase } from '../../net/api.ts';
import { dayRangeQuery, type DayRange } from './ops-format.ts';
import { currentIntl } from '../../i18n/language.ts';

/** `GET /api/admin/sessions/metrics`: the sessions that ended last, newest first. */
export async function fetchLatestSessions(
  token: string,
  limit: number,
  signal?: AbortSignal,
): Promise<SessionMetricsList> {
  const list = await callApi(
    'GET',
    `/api/admin/sessions/metrics?limit=${limit}`,
    sessionMetricsList,
    { token, signal },
  );
  return list ?? { sessions: [] };
}

/**
 * `GET /api/admin/sessions/metrics.jsonl` for the sessions that ended on the days of `range`:
 * the file's name and its text (one session a line).
 */
export async function exportSessionMetrics(
  token: string,
  range: DayRange,
): Promise<{ name: string; text: string }> {
  let res: Response;
  try {
    res = await fetch(
      `${relayHttpBase()}/api/admin/sessions/metrics.jsonl${dayRangeQuery(range)}`,
      { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' },
    );
  } catch {
    throw new ApiError(0, 'network', currentIntl().formatMessage({ id: 'api.unreachable' }));
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      'http-error',
      currentIntl().formatMessage({ id: 'api.answered' }, { status: res.status }),
    );
  return {
    name: `parley-sessions-${range.fromDay}-to-${range.toDay}.jsonl`,
    text: await res.text(),
  };
}

/** `POST /api/admin/providers/:id/reset`: closes the provider's breaker; every provider's state. */
export async function resetProvider(token: string, id: string): Promise<ProviderResetResponse> {
  const answer = await callApi(
    'POST',
    `/api/admin/providers/${encodeURIComponent(id)}/reset`,
    providerResetResponse,
    { token },
  );
  if (!answer) throw new ApiError(0, 'bad-response', 'The relay answered nothing.');
  return answer;
}

/** `GET /api/admin/usage`: the usage ledger summed for the days of `range`. */
export async function fetchUsage(
  token: string,
  range: DayRange,
  signal?: AbortSignal,
): Promise<UsageReport> {
  const report = await callApi(
    'GET',
    `/api/admin/usage?from=${range.fromDay}&to=${range.toDay}`,
    usageReport,
    { token, signal },
  );
  if (!report) throw new ApiError(0, 'bad-response', 'The relay answered nothing.');
  return report;
}

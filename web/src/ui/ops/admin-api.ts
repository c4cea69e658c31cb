import { sessionMetricsList, type SessionMetricsList } from '@parley/shared';
import { ApiError, callApi, relayHttpBase } from '../../net/api.ts';
import { dayRangeQuery, type DayRange } from './ops-format.ts';

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
    throw new ApiError(
      0,
      'network',
      'Cannot reach the relay. Check your connection and try again.',
    );
  }
  if (!res.ok) throw new ApiError(res.status, 'http-error', `The relay answered ${res.status}.`);
  return {
    name: `parley-sessions-${range.fromDay}-to-${range.toDay}.jsonl`,
    text: await res.text(),
  };
}

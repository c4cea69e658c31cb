import { apiError, opsOverview, type OpsOverview } from '@parley/shared';
import { relayHttpBase } from '../../net/api.ts';

/** The admin token was refused (or the relay has none): ask for it again. */
export class OpsAuthError extends Error {}

/** `GET /api/admin/overview` with the admin token, parsed with the relay's own schema. */
export async function fetchOverview(token: string, signal?: AbortSignal): Promise<OpsOverview> {
  const res = await fetch(`${relayHttpBase()}/api/admin/overview`, {
    headers: { Authorization: `Bearer ${token}` },
    ...(signal ? { signal } : {}),
  });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 404) {
    const refused = apiError.safeParse(body);
    throw new OpsAuthError(refused.success ? refused.data.message : 'The admin token was refused.');
  }
  if (!res.ok) throw new Error(`The relay answered ${res.status}.`);
  const overview = opsOverview.safeParse(body);
  if (!overview.success)
    throw new Error('The relay sent an overview this page does not understand. Reload the page.');
  return overview.data;
}

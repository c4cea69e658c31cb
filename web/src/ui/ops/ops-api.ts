import { relayHttpBase } from '../../net/api.ts';

/** What `GET /api/admin/overview` answers (relay/src/server/ops-api.ts). */
export interface OpsOverview {
  atMs: number;
  uptimeS: number;
  sessionsActive: number;
  process: { cpu: number; rssBytes: number; heapUsedBytes: number };
  latency: Record<
    string,
    { count: number; p50: number | null; p95: number | null; p99: number | null }
  >;
  statuses: Record<string, number>;
  perMinute: { minute: number; turns: number; failed: number }[];
  providers: {
    id: string;
    label: string;
    stage: string;
    rank: number;
    health: string;
    state: string;
    calls: number;
    failures: number;
    latencyMs: { p50: number; p95: number; samples: number } | null;
    lastError: { message: string; atMs: number } | null;
  }[];
  ready: boolean;
  recentTurns: {
    sessionId: string;
    turnId: number;
    userText: string;
    assistantText: string;
    status: string;
    timings: Record<string, number>;
    providers: Record<string, string>;
    createdAt: number;
  }[];
}

export class OpsAuthError extends Error {}

export async function fetchOverview(token: string, signal?: AbortSignal): Promise<OpsOverview> {
  const res = await fetch(`${relayHttpBase()}/api/admin/overview`, {
    headers: { Authorization: `Bearer ${token}` },
    ...(signal ? { signal } : {}),
  });
  if (res.status === 401 || res.status === 404) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new OpsAuthError(body.message ?? 'The admin token was refused.');
  }
  if (!res.ok) throw new Error(`The relay answered ${res.status}.`);
  return (await res.json()) as OpsOverview;
}

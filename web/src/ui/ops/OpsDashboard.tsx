import { useEffect, useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs, PercentileTable } from '../PercentileTable.tsx';
import type { OpsOverview } from '@parley/shared';
import { mcpServersApi } from '../../net/mcp-api.ts';
import { providerSettingsApi } from '../../net/settings-api.ts';
import { McpServers } from '../settings/McpServers.tsx';
import { ProviderSettings } from '../settings/ProviderSettings.tsx';
import { fetchOverview, OpsAuthError } from './ops-api.ts';
import { LogTail } from './LogTail.tsx';
import { OpsAlerts } from './OpsAlerts.tsx';
import { DebugTable } from '../DebugTable.tsx';
import { HostResources } from './HostResources.tsx';
import { LatencyTargets } from './LatencyTargets.tsx';
import { ProviderControls } from './ProviderControls.tsx';
import { SessionSummaries } from './SessionSummaries.tsx';
import { UsageReport } from './UsageReport.tsx';
import '../debug/debug.css';
import './ops.css';

const TOKEN_KEY = 'parley-admin-token';
const STAGE_NAMES: Readonly<Record<string, string>> = {
  asrFinalMs: 'ASR final',
  llmFirstTokenMs: 'LLM first token',
  ttsFirstAudioMs: 'TTS first audio',
  relayFirstAudioMs: 'Relay first audio',
} satisfies Record<keyof OpsOverview['latency'], string>;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const time = (t: number) => new Date(t).toLocaleTimeString();

/** The relay's ops dashboard (admin only): polls `/api/admin/overview` every 2 s. */
export default function OpsDashboard() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [draft, setDraft] = useState('');
  const [data, setData] = useState<OpsOverview | null>(null);
  const [history, setHistory] = useState<
    { atMs: number; sessions: number; cpu: number; rssMb: number }[]
  >([]);
  const [error, setError] = useState<string | null>(null);
  // The assistant's providers, edited with the admin token.
  const settingsApi = useMemo(() => providerSettingsApi(token), [token]);
  // The assistant's tool servers, likewise (issue 48).
  const mcpApi = useMemo(() => mcpServersApi(token), [token]);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    const poll = async () => {
      try {
        const o = await fetchOverview(token);
        if (stopped) return;
        setData(o);
        setError(null);
        setHistory((h) =>
          [
            ...h,
            {
              atMs: o.atMs,
              sessions: o.sessionsActive,
              cpu: Math.round(o.process.cpu * 100),
              rssMb: Math.round(o.process.rssBytes / 1048576),
            },
          ].slice(-150),
        );
      } catch (err) {
        if (stopped) return;
        if (err instanceof OpsAuthError) {
          sessionStorage.removeItem(TOKEN_KEY);
          setToken('');
        }
        setError(err instanceof Error ? err.message : String(err));
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [token]);

  if (!token) {
    return (
      <main className="ops" data-testid="ops-dashboard">
        <h1>Parley relay — operations</h1>
        {error && <p className="notice notice-error">{error}</p>}
        <form
          className="ops-login"
          onSubmit={(e) => {
            e.preventDefault();
            sessionStorage.setItem(TOKEN_KEY, draft);
            setToken(draft);
          }}
        >
          <label>
            Admin token (the relay&apos;s <code>ADMIN_TOKEN</code>)
            <input
              type="password"
              data-testid="ops-token"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              autoComplete="off"
            />
          </label>
          <button type="submit" data-testid="ops-sign-in" disabled={draft === ''}>
            Open
          </button>
        </form>
      </main>
    );
  }

  return (
    <main className="ops" data-testid="ops-dashboard">
      <h1>Parley relay — operations</h1>
      {error && <p className="notice notice-error">{error}</p>}
      {!data ? (
        <p>Loading…</p>
      ) : (
        <>
          <OpsAlerts watchdogs={data.watchdogs} atMs={data.atMs} />
          <section className="ops-cards">
            <div className="ops-card" data-testid="ops-sessions">
              <span>Active sessions</span>
              <strong>{data.sessionsActive}</strong>
            </div>
            <div className="ops-card">
              <span>Ready</span>
              <strong data-testid="ops-ready">{data.ready ? 'yes' : 'NO'}</strong>
            </div>
            <div className="ops-card">
              <span>CPU</span>
              <strong>{Math.round(data.process.cpu * 100)} %</strong>
            </div>
            <div className="ops-card">
              <span>Memory</span>
              <strong>{mb(data.process.rssBytes)}</strong>
            </div>
            <div className="ops-card">
              <span>Uptime</span>
              <strong>{Math.round(data.uptimeS / 60)} min</strong>
            </div>
          </section>
          <LatencyTargets report={data.targets} />
          <div className="ops-grid">
            <section>
              <h2>Latency per stage (last 200 turns)</h2>
              <PercentileTable
                testId="ops-latency"
                rows={Object.entries(data.latency).map(([stage, s]) => ({
                  key: stage,
                  label: STAGE_NAMES[stage] ?? stage,
                  ...s,
                }))}
              />
            </section>
            <section>
              <h2>Turns and failures per minute</h2>
              <p className="muted" data-testid="ops-outcomes">
                Last {Object.values(data.statuses).reduce((n, c) => n + c, 0)} turns:{' '}
                {Object.entries(data.statuses)
                  .sort(([, a], [, b]) => b - a)
                  .map(([outcome, count]) => `${outcome} ${count}`)
                  .join(' · ') || 'none yet'}
              </p>
              <ResponsiveContainer width="100%" height={160}>
                <BarChart data={data.perMinute}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="minute" tickFormatter={time} minTickGap={30} />
                  <YAxis allowDecimals={false} width={32} />
                  <Tooltip labelFormatter={(t) => time(Number(t))} />
                  <Legend />
                  <Bar dataKey="turns" name="turns" fill="#2f5bd3" isAnimationActive={false} />
                  <Bar dataKey="failed" name="failed" fill="#c2412d" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            <section>
              <h2>Process</h2>
              <ResponsiveContainer width="100%" height={160}>
                <LineChart data={history}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="atMs" tickFormatter={time} minTickGap={30} />
                  <YAxis width={40} />
                  <Tooltip labelFormatter={(t) => time(Number(t))} />
                  <Legend />
                  <Line
                    dataKey="cpu"
                    name="CPU %"
                    stroke="#d9822b"
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="rssMb"
                    name="RSS MB"
                    stroke="#2f5bd3"
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="sessions"
                    name="sessions"
                    stroke="#2e8b57"
                    dot={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </section>
            <ProviderControls providers={data.providers} token={token} />
          </div>
          <HostResources host={data.host} pools={data.pools} />
          <SessionSummaries token={token} />
          <UsageReport token={token} />
          <section>
            <h2>Last turns</h2>
            <DebugTable
              testId="ops-turns"
              headings={['When', 'Said', 'Reply', 'Status', 'ASR', 'LLM', 'TTS']}
            >
              {data.recentTurns.map((t) => (
                <tr key={`${t.sessionId}-${t.turnId}`}>
                  <td>{time(t.createdAt)}</td>
                  <td className="debug-said">{t.userText}</td>
                  <td className="debug-said">{t.assistantText}</td>
                  <td data-status={t.status}>{t.status}</td>
                  <td>{formatMs(t.timings.asrFinalMs)}</td>
                  <td>{formatMs(t.timings.llmFirstTokenMs)}</td>
                  <td>{formatMs(t.timings.ttsFirstAudioMs)}</td>
                </tr>
              ))}
            </DebugTable>
          </section>
        </>
      )}
      <LogTail token={token} />
      <section className="ops-settings" data-testid="ops-provider-settings">
        <h2>Assistant providers</h2>
        <ProviderSettings api={settingsApi} />
      </section>
      <section className="ops-settings" data-testid="ops-mcp-servers" aria-labelledby="ops-mcp">
        <h2 id="ops-mcp">Assistant tools (MCP servers)</h2>
        <McpServers api={mcpApi} />
      </section>
    </main>
  );
}

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
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { formatBytes, formatShare } from './ops-format.ts';
import './ops.css';

const TOKEN_KEY = 'parley-admin-token';
const STAGE_NAMES: Readonly<Record<string, MessageId>> = {
  asrFinalMs: 'target.asrFinalMs',
  llmFirstTokenMs: 'target.llmFirstTokenMs',
  ttsFirstAudioMs: 'target.ttsFirstAudioMs',
  relayFirstAudioMs: 'target.relayFirstAudioMs',
} satisfies Record<keyof OpsOverview['latency'], MessageId>;

/** The relay's ops dashboard (admin only): polls `/api/admin/overview` every 2 s. */
export default function OpsDashboard() {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const time = (at: number) => intl.formatTime(at, { timeStyle: 'medium' });
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
        <h1>{t('ops.heading')}</h1>
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
            <FormattedMessage
              id="ops.token"
              values={{ code: (chunks: React.ReactNode[]) => <code>{chunks}</code> }}
            />
            <input
              type="password"
              data-testid="ops-token"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              autoComplete="off"
            />
          </label>
          <button type="submit" data-testid="ops-sign-in" disabled={draft === ''}>
            {t('ops.open')}
          </button>
        </form>
      </main>
    );
  }

  return (
    <main className="ops" data-testid="ops-dashboard">
      <h1>{t('ops.heading')}</h1>
      {error && <p className="notice notice-error">{error}</p>}
      {!data ? (
        <p>{t('page.loading')}</p>
      ) : (
        <>
          <OpsAlerts watchdogs={data.watchdogs} atMs={data.atMs} />
          <section className="ops-cards">
            <div className="ops-card" data-testid="ops-sessions">
              <span>{t('ops.activeSessions')}</span>
              <strong>{data.sessionsActive}</strong>
            </div>
            <div className="ops-card">
              <span>{t('ops.ready')}</span>
              <strong data-testid="ops-ready">{t(data.ready ? 'ops.yes' : 'ops.no')}</strong>
            </div>
            <div className="ops-card">
              <span>{t('ops.cpu')}</span>
              <strong>{formatShare(intl, data.process.cpu)}</strong>
            </div>
            <div className="ops-card">
              <span>{t('ops.memory')}</span>
              <strong>{formatBytes(intl, data.process.rssBytes)}</strong>
            </div>
            <div className="ops-card">
              <span>{t('ops.uptime')}</span>
              <strong>
                {t('ops.minutes', { n: intl.formatNumber(Math.round(data.uptimeS / 60)) })}
              </strong>
            </div>
          </section>
          <LatencyTargets report={data.targets} />
          <div className="ops-grid">
            <section>
              <h2>{t('ops.latencyPerStage')}</h2>
              <PercentileTable
                testId="ops-latency"
                rows={Object.entries(data.latency).map(([stage, s]) => ({
                  key: stage,
                  label: STAGE_NAMES[stage] === undefined ? stage : t(STAGE_NAMES[stage]),
                  ...s,
                }))}
              />
            </section>
            <section>
              <h2>{t('ops.turnsPerMinute')}</h2>
              <p className="muted" data-testid="ops-outcomes">
                {t('ops.lastTurnsOutcomes', {
                  count: Object.values(data.statuses).reduce((n, c) => n + c, 0),
                  outcomes:
                    Object.entries(data.statuses)
                      .sort(([, a], [, b]) => b - a)
                      .map(([outcome, count]) => `${outcome} ${count}`)
                      .join(' · ') || t('ops.noneYet'),
                })}
              </p>
              <ResponsiveContainer width="100%" height={160}>
                <BarChart data={data.perMinute}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="minute" tickFormatter={time} minTickGap={30} />
                  <YAxis allowDecimals={false} width={32} />
                  <Tooltip labelFormatter={(t) => time(Number(t))} />
                  <Legend />
                  <Bar
                    dataKey="turns"
                    name={t('ops.chart.turns')}
                    fill="#2f5bd3"
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="failed"
                    name={t('ops.chart.failed')}
                    fill="#c2412d"
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </section>
            <section>
              <h2>{t('ops.process')}</h2>
              <ResponsiveContainer width="100%" height={160}>
                <LineChart data={history}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="atMs" tickFormatter={time} minTickGap={30} />
                  <YAxis width={40} />
                  <Tooltip labelFormatter={(t) => time(Number(t))} />
                  <Legend />
                  <Line
                    dataKey="cpu"
                    name={t('ops.chart.cpu')}
                    stroke="#d9822b"
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="rssMb"
                    name={t('ops.chart.rss')}
                    stroke="#2f5bd3"
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="sessions"
                    name={t('ops.chart.sessions')}
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
            <h2>{t('ops.lastTurns')}</h2>
            <DebugTable
              testId="ops-turns"
              headings={[
                t('ops.col.when'),
                t('ops.col.said'),
                t('ops.col.reply'),
                t('ops.col.status'),
                'ASR',
                'LLM',
                'TTS',
              ]}
            >
              {data.recentTurns.map((turn) => (
                <tr key={`${turn.sessionId}-${turn.turnId}`}>
                  <td>{time(turn.createdAt)}</td>
                  <td className="debug-said">{turn.userText}</td>
                  <td className="debug-said">{turn.assistantText}</td>
                  <td data-status={turn.status}>{turn.status}</td>
                  <td>{formatMs(intl, turn.timings.asrFinalMs)}</td>
                  <td>{formatMs(intl, turn.timings.llmFirstTokenMs)}</td>
                  <td>{formatMs(intl, turn.timings.ttsFirstAudioMs)}</td>
                </tr>
              ))}
            </DebugTable>
          </section>
        </>
      )}
      <LogTail token={token} />
      <section className="ops-settings" data-testid="ops-provider-settings">
        <h2>{t('ops.providersHeading')}</h2>
        <ProviderSettings api={settingsApi} />
      </section>
      <section className="ops-settings" data-testid="ops-mcp-servers" aria-labelledby="ops-mcp">
        <h2 id="ops-mcp">{t('ops.toolsHeading')}</h2>
        <McpServers api={mcpApi} />
      </section>
    </main>
  );
}

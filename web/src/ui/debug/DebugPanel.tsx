import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { actions, useApp } from '../../state/store.ts';
import { formatMicros } from '../../i18n/format.ts';
import { formatMs, PercentileTable } from '../PercentileTable.tsx';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import {
  STAGE_LABELS,
  exportTimeline,
  networkSeries,
  parseTimeline,
  stageSummaries,
  turnViews,
  waterfall,
  type TurnView,
} from './session-timeline.ts';
import { DebugTable } from '../DebugTable.tsx';
import { audioLine } from './audio-line.ts';
import { answerStart, answerStartLine } from './answer-start.ts';
import { overReplyText } from './over-reply-text.ts';
import { turnWordsLine } from './turn-words-line.ts';
import { languageDriftLine } from './language-drift.ts';
import { endWaitText } from './reason-text.ts';

/**
 * The latency debug panel: every stage of every turn on one clock, session percentiles, the
 * network, providers and cost per turn; export and import of the session's timeline.
 */
export default function DebugPanel({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const traces = useApp((s) => s.traces);
  const clock = useApp((s) => s.clock);
  const roundTrips = useApp((s) => s.roundTrips);
  const network = useApp((s) => s.network);
  const sessionCost = useApp((s) => s.sessionCostMicros);
  const noTurnWords = turnWordsLine(
    intl,
    useApp((s) => s.turnLanguage),
  );
  const views = useMemo(() => turnViews(traces, clock), [traces, clock]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  // On a narrow screen the panel is below the conversation: show it when it opens. (A block
  // body: Chromium's scrollIntoView now returns a promise, which React took for a cleanup.)
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const view = views.find((v) => v.trace.turnId === chosen) ?? views.at(-1) ?? null;
  const last = network.at(-1);

  const download = () => {
    const blob = new Blob([JSON.stringify(exportTimeline(traces, clock), null, 2)], {
      type: 'application/json',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `parley-timeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const load = async (f: File | undefined) => {
    if (!f) return;
    try {
      const t = parseTimeline(await f.text());
      actions.importTraces(t.traces, t.clock);
      setChosen(null);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <aside
      ref={panel}
      className="debug-panel"
      data-testid="debug-panel"
      aria-label={t('debug.label')}
    >
      <header className="debug-header">
        <h2>{t('debug.heading')}</h2>
        <span className="debug-clock" data-testid="debug-clock">
          {clock
            ? t('debug.clock', {
                offset: `${clock.offsetMs >= 0 ? '+' : ''}${formatMs(intl, clock.offsetMs, 1)}`,
                error: formatMs(intl, clock.errorMs, 1),
              })
            : t('debug.clockWaiting')}
        </span>
        <div className="debug-actions">
          <button
            type="button"
            data-testid="debug-export"
            onClick={download}
            disabled={traces.length === 0}
          >
            {t('debug.export')}
          </button>
          <button type="button" data-testid="debug-import" onClick={() => file.current?.click()}>
            {t('debug.import')}
          </button>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="debug-import-file"
            onChange={(e) => void load(e.target.files?.[0])}
          />
          <button type="button" onClick={onClose} aria-label={t('debug.close')}>
            ×
          </button>
        </div>
      </header>
      {error && <p className="notice notice-error">{error}</p>}
      {noTurnWords && (
        <p className="debug-note" data-testid="debug-turn-words">
          {noTurnWords}
        </p>
      )}
      {views.length === 0 ? (
        <p className="debug-empty">{t('debug.empty')}</p>
      ) : (
        <>
          <TurnWaterfall views={views} view={view} onChoose={setChosen} />
          <StageTable views={views} />
          <section>
            <h3>{t('debug.v2vOverTurns')}</h3>
            <ResponsiveContainer width="100%" height={140}>
              <LineChart data={views.map((v) => ({ turn: v.trace.turnId, ms: v.voiceToVoiceMs }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="turn" />
                <YAxis unit=" ms" width={76} />
                <Tooltip />
                <Line
                  type="monotone"
                  dataKey="ms"
                  stroke="#2f5bd3"
                  isAnimationActive={false}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
          </section>
          <section>
            <h3>{t('debug.turns')}</h3>
            <DebugTable
              testId="debug-turns"
              headings={[
                t('debug.col.turn'),
                t('debug.col.said'),
                t('debug.col.endWait'),
                t('debug.col.overReply'),
                t('debug.col.v2v'),
                t('debug.col.providers'),
                t('debug.col.cost'),
              ]}
            >
              {views.map((v) => (
                <tr key={v.trace.turnId} onClick={() => setChosen(v.trace.turnId)}>
                  <td>{v.trace.turnId}</td>
                  <td className="debug-said">
                    {v.trace.text ?? ''}
                    {v.trace.languageDrift && (
                      <span
                        className="debug-language-drift"
                        data-testid="debug-language-drift-mark"
                        data-turn={v.trace.turnId}
                        title={languageDriftLine(intl, v.trace.languageDrift)}
                      >
                        {' '}
                        ⚠ {v.trace.languageDrift.detected}
                      </span>
                    )}
                  </td>
                  <td
                    data-testid="debug-end-wait"
                    data-turn={v.trace.turnId}
                    data-ms={v.trace.endOfTurn?.waitMs ?? ''}
                  >
                    {endWaitText(intl, v.trace.endOfTurn)}
                  </td>
                  <td
                    className="debug-over-reply"
                    data-testid="debug-over-reply"
                    data-turn={v.trace.turnId}
                    data-actions={v.trace.overReply?.map((m) => m.action).join(' ') ?? ''}
                  >
                    {overReplyText(intl, v.trace.overReply)}
                  </td>
                  <td
                    data-testid="debug-v2v"
                    data-turn={v.trace.turnId}
                    data-ms={v.voiceToVoiceMs === null ? '' : v.voiceToVoiceMs.toFixed(1)}
                  >
                    {formatMs(intl, v.voiceToVoiceMs)}
                  </td>
                  <td className="debug-providers">
                    {[v.trace.servedBy?.asr, v.trace.servedBy?.llm, v.trace.servedBy?.tts]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td>
                    {v.trace.costMicros === undefined
                      ? '–'
                      : formatMicros(intl, v.trace.costMicros)}
                  </td>
                </tr>
              ))}
            </DebugTable>
            <p className="debug-total">
              {t('debug.sessionCost', { cost: formatMicros(intl, sessionCost) })}
            </p>
          </section>
        </>
      )}
      <section>
        <h3>{t('debug.network')}</h3>
        <p className="debug-network" data-testid="debug-network">
          {t('debug.networkLine', {
            rtt: formatMs(intl, roundTrips.at(-1)?.rttMs),
            reconnects: last?.reconnects ?? 0,
            resumes: last?.resumes ?? 0,
            unacked: last?.unackedChunks ?? 0,
            queue: last?.bufferedBytes ?? 0,
          })}
        </p>
        {last?.audio && (
          <p className="debug-network" data-testid="debug-audio">
            {audioLine(intl, last.audio)}
          </p>
        )}
        {roundTrips.length > 1 && (
          <ResponsiveContainer width="100%" height={120}>
            <LineChart data={networkSeries(roundTrips)}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="atMs"
                tickFormatter={(at: number) => intl.formatTime(at, { timeStyle: 'medium' })}
                minTickGap={40}
              />
              <YAxis unit=" ms" width={76} />
              <Tooltip
                labelFormatter={(at) => intl.formatTime(Number(at), { timeStyle: 'medium' })}
              />
              <Line
                dataKey="rttMs"
                name={t('debug.rtt')}
                stroke="#2f5bd3"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="jitterMs"
                name={t('debug.jitter')}
                stroke="#d9822b"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </section>
    </aside>
  );
}

function TurnWaterfall(props: {
  views: TurnView[];
  view: TurnView | null;
  onChoose: (turnId: number) => void;
}) {
  const { views, view } = props;
  const intl = useIntl();
  if (!view) return null;
  const bars = waterfall(intl, view);
  const asked = answerStart(view.trace);
  return (
    <section>
      <h3>
        {intl.formatMessage({ id: 'debug.turn' })}{' '}
        <select
          data-testid="debug-turn-select"
          aria-label={intl.formatMessage({ id: 'debug.turnShown' })}
          value={view.trace.turnId}
          onChange={(e) => props.onChoose(Number(e.target.value))}
        >
          {views.map((v) => (
            <option key={v.trace.turnId} value={v.trace.turnId}>
              {v.trace.turnId}
              {v.trace.text ? `: ${v.trace.text.slice(0, 30)}` : ''}
            </option>
          ))}
        </select>
      </h3>
      <ResponsiveContainer width="100%" height={Math.max(120, bars.length * 28 + 40)}>
        <BarChart data={bars} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" unit=" ms" />
          <YAxis type="category" dataKey="label" width={120} />
          <Tooltip
            formatter={(value, name) =>
              name === 'offsetMs'
                ? [formatMs(intl, Number(value)), intl.formatMessage({ id: 'debug.startsAt' })]
                : [formatMs(intl, Number(value)), intl.formatMessage({ id: 'debug.takes' })]
            }
          />
          <Bar dataKey="offsetMs" stackId="t" fill="transparent" isAnimationActive={false} />
          <Bar dataKey="durationMs" stackId="t" fill="#2f5bd3" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <ul className="debug-stages" data-testid="debug-stages">
        {bars.map((b) => (
          <li key={b.key} data-stage={b.stage} data-ms={b.durationMs}>
            {b.label}: {formatMs(intl, b.durationMs)}
            {b.errorMs > 0 ? ` ± ${formatMs(intl, b.errorMs)}` : ''}
            {b.detail === undefined ? null : (
              <span className="debug-stage-detail" data-testid="debug-tool-detail">
                {' '}
                — {b.detail}
              </span>
            )}
          </li>
        ))}
      </ul>
      {asked && (
        <p
          className="debug-answer-start"
          data-testid="debug-answer-start"
          data-turn={view.trace.turnId}
          data-ms={asked.afterSpeechMs}
          data-after-turn-end-ms={asked.afterTurnEndMs ?? ''}
        >
          {answerStartLine(intl, asked)}
        </p>
      )}
      {view.trace.languageDrift && (
        <p
          className="debug-language-drift"
          data-testid="debug-language-drift"
          data-turn={view.trace.turnId}
          data-expected={view.trace.languageDrift.expected}
          data-detected={view.trace.languageDrift.detected}
        >
          {languageDriftLine(intl, view.trace.languageDrift)}
        </p>
      )}
    </section>
  );
}

function StageTable({ views }: { views: TurnView[] }) {
  const intl = useIntl();
  const rows = stageSummaries(views);
  return (
    <section>
      <h3>{intl.formatMessage({ id: 'debug.percentiles' })}</h3>
      <PercentileTable
        testId="debug-percentiles"
        rows={rows.map(({ stage, summary }) => ({
          key: stage,
          label: intl.formatMessage({ id: STAGE_LABELS[stage] }),
          ...summary,
        }))}
      />
    </section>
  );
}

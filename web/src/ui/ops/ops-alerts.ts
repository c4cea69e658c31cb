import type { IntlShape } from 'react-intl';
import type { OpsWatchdogs } from '@parley/shared';

/** One alert of the ops dashboard: something an operator should look at now. */
export interface OpsAlert {
  /** Stable across polls (React key). */
  key: string;
  level: 'warn' | 'error';
  text: string;
}

const MB = 1024 * 1024;
const STAGE_NAMES = {
  asr: 'alerts.stage.asr',
  llm: 'alerts.stage.llm',
  tts: 'alerts.stage.tts',
} as const;

/** "45 s", "3 min", "2 h" (rounded). */
function ago(intl: IntlShape, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return intl.formatMessage({ id: 'alerts.s' }, { n: s });
  if (s < 2 * 3600) return intl.formatMessage({ id: 'alerts.min' }, { n: Math.round(s / 60) });
  return intl.formatMessage({ id: 'alerts.h' }, { n: Math.round(s / 3600) });
}

/**
 * The alerts of what the relay's watchdogs see (`watchdogs` of the overview made at `atMs`):
 * memory above its warning share, each turn stuck now, event-loop stalls of the last minutes.
 * Empty when all is quiet.
 */
export function opsAlerts(intl: IntlShape, w: OpsWatchdogs, atMs: number): OpsAlert[] {
  const alerts: OpsAlert[] = [];
  const { memory, stalls } = w;
  if (memory.high) {
    const percent = Math.round((memory.rssBytes / memory.limitBytes) * 100);
    const values = {
      rss: Math.round(memory.rssBytes / MB),
      limit: Math.round(memory.limitBytes / MB),
      source: intl.formatMessage({
        id: memory.limitSource === 'cgroup' ? 'alerts.container' : 'alerts.host',
      }),
      percent,
      warn: memory.warnPercent,
      heapUsed: Math.round(memory.heapUsedBytes / MB),
      heapTotal: Math.round(memory.heapTotalBytes / MB),
    };
    alerts.push({
      key: 'memory',
      level: 'error',
      text:
        memory.highSinceMs === null
          ? intl.formatMessage({ id: 'alerts.memory' }, values)
          : intl.formatMessage(
              { id: 'alerts.memoryFor' },
              { ...values, since: ago(intl, atMs - memory.highSinceMs) },
            ),
    });
  }
  for (const t of w.stuckTurns) {
    alerts.push({
      key: `turn-${t.sessionId}-${t.turnId}`,
      level: 'warn',
      text: intl.formatMessage(
        { id: 'alerts.stuck' },
        {
          turn: t.turnId,
          session: t.sessionId,
          ran: ago(intl, t.runningMs),
          stage: intl.formatMessage({ id: STAGE_NAMES[t.stage] }),
        },
      ),
    });
  }
  if (stalls.count > 0) {
    const values = {
      count: stalls.count,
      window: ago(intl, stalls.windowMs),
      longest: stalls.longestMs ?? 0,
    };
    alerts.push({
      key: 'stalls',
      level: 'warn',
      text:
        stalls.lastAtMs === null
          ? intl.formatMessage({ id: 'alerts.stalls' }, values)
          : intl.formatMessage(
              { id: 'alerts.stallsLast' },
              { ...values, ago: ago(intl, atMs - stalls.lastAtMs) },
            ),
    });
  }
  return alerts;
}

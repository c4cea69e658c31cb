import type { OpsWatchdogs } from '@parley/shared';

/** One alert of the ops dashboard: something an operator should look at now. */
export interface OpsAlert {
  /** Stable across polls (React key). */
  key: string;
  level: 'warn' | 'error';
  text: string;
}

const MB = 1024 * 1024;
const STAGE_NAMES = { asr: 'speech recognition', llm: 'the language model', tts: 'the voice' };

/** "45 s", "3 min", "2 h" (rounded). */
function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/**
 * The alerts of what the relay's watchdogs see (`watchdogs` of the overview made at `atMs`):
 * memory above its warning share, each turn stuck now, event-loop stalls of the last minutes.
 * Empty when all is quiet.
 */
export function opsAlerts(w: OpsWatchdogs, atMs: number): OpsAlert[] {
  const alerts: OpsAlert[] = [];
  const { memory, stalls } = w;
  if (memory.high) {
    const percent = Math.round((memory.rssBytes / memory.limitBytes) * 100);
    const limit = memory.limitSource === 'cgroup' ? 'the container’s limit' : 'the host’s memory';
    const since = memory.highSinceMs === null ? '' : ` for ${ago(atMs - memory.highSinceMs)}`;
    alerts.push({
      key: 'memory',
      level: 'error',
      text:
        `Memory high${since}: ${Math.round(memory.rssBytes / MB)} MB resident of ` +
        `${Math.round(memory.limitBytes / MB)} MB (${limit}), ${percent} %, over the ` +
        `${memory.warnPercent} % warning; heap ${Math.round(memory.heapUsedBytes / MB)} of ` +
        `${Math.round(memory.heapTotalBytes / MB)} MB.`,
    });
  }
  for (const t of w.stuckTurns) {
    alerts.push({
      key: `turn-${t.sessionId}-${t.turnId}`,
      level: 'warn',
      text:
        `Turn ${t.turnId} of session ${t.sessionId} has run ${ago(t.runningMs)}, ` +
        `waiting on ${STAGE_NAMES[t.stage]}.`,
    });
  }
  if (stalls.count > 0) {
    const times = stalls.count === 1 ? 'once' : `${stalls.count} times`;
    const last = stalls.lastAtMs === null ? '' : `, the last ${ago(atMs - stalls.lastAtMs)} ago`;
    alerts.push({
      key: 'stalls',
      level: 'warn',
      text:
        `The event loop stalled ${times} in the last ${ago(stalls.windowMs)} ` +
        `(longest ${stalls.longestMs ?? 0} ms${last}): everyone’s audio waited meanwhile.`,
    });
  }
  return alerts;
}

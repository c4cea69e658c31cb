import type { ProviderResetResponse, TargetStats, TargetTiming, TimingStats } from '@parley/shared';

/** What each target timing is called on the dashboard. */
export const TARGET_NAMES: Readonly<Record<TargetTiming, string>> = {
  asrFinalMs: 'ASR final',
  llmFirstTokenMs: 'LLM first token',
  ttsFirstAudioMs: 'TTS first audio',
  voiceToVoiceMs: 'Voice to voice',
};

/** A share (0–1) as a whole percentage: "93 %", or "–" when unknown. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : `${Math.round(share * 100)} %`;
}

/** Whether a timing met its target, in words: "met", "missed", or "no turns" to judge. */
export function targetVerdict(stats: Pick<TargetStats, 'met'>): 'met' | 'missed' | 'no turns' {
  return stats.met === null ? 'no turns' : stats.met ? 'met' : 'missed';
}

/** Whole UTC days, both included: `YYYY-MM-DD`. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` UTC days up to today (the day of `nowMs`), both ends included. */
export function lastDays(days: number, nowMs: number): DayRange {
  return { fromDay: utcDay(nowMs - (days - 1) * DAY_MS), toDay: utcDay(nowMs) };
}

/**
 * The relay's `?from=&to=` for the days of `range`: from the first day's start to the end of the
 * last (the relay's `to` is exclusive: the next day's start).
 */
export function dayRangeQuery(range: DayRange): string {
  const next = utcDay(Date.parse(`${range.toDay}T00:00:00Z`) + DAY_MS);
  return `?from=${range.fromDay}&to=${next}`;
}

/** A duration for people: "42 s", "4 min 12 s", "1 h 3 min", or "–" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A timing over a session: "750 ms (600–900)", or "–" with none. */
export function formatTimingStats(
  stats: Pick<TimingStats, 'avgMs' | 'minMs' | 'maxMs'> | null | undefined,
): string {
  if (!stats || stats.avgMs === null || stats.minMs === null || stats.maxMs === null) return '–';
  return `${Math.round(stats.avgMs)} ms (${Math.round(stats.minMs)}–${Math.round(stats.maxMs)})`;
}

/** What the relay answered to a reset, in words: "Reset Flite (offline): breaker closed, HEALTHY." */
export function resetOutcome(label: string, answer: ProviderResetResponse): string {
  const now = answer.providers.find((p) => p.id === answer.reset);
  return now === undefined
    ? `Reset ${label}.`
    : `Reset ${label}: breaker ${now.state}, ${now.health}.`;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A provider's units for people: "1.5 min audio", "200 in / 80 out tokens", "1,234 characters",
 * joined by " · "; "–" with none.
 */
export function formatUnits(units: Readonly<Record<string, number>>): string {
  const parts: string[] = [];
  const { audioMs, inputTokens, outputTokens, characters } = units;
  if (audioMs !== undefined)
    parts.push(
      audioMs >= 60_000
        ? `${(audioMs / 60_000).toFixed(1)} min audio`
        : `${(audioMs / 1000).toFixed(1)} s audio`,
    );
  if (inputTokens !== undefined || outputTokens !== undefined)
    parts.push(
      `${count.format(inputTokens ?? 0)} in / ${count.format(outputTokens ?? 0)} out tokens`,
    );
  if (characters !== undefined) parts.push(`${count.format(characters)} characters`);
  return parts.length === 0 ? '–' : parts.join(' · ');
}

/** Bytes for people, in binary units: "512 MB", "7.8 GB". */
export function formatBytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb < 1024 ? `${Math.round(mb)} MB` : `${(mb / 1024).toFixed(1)} GB`;
}

/** A count with its noun: "1 session", "2 sessions". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

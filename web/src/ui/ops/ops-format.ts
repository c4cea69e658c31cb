import type { IntlShape } from 'react-intl';
import type { ProviderResetResponse, TargetStats, TargetTiming, TimingStats } from '@parley/shared';
import type { MessageId } from '../../i18n/intl.ts';
import { formatMs } from '../../i18n/format.ts';

/** What each target timing is called on the dashboard. */
export const TARGET_NAMES: Readonly<Record<TargetTiming, MessageId>> = {
  asrFinalMs: 'target.asrFinalMs',
  llmFirstTokenMs: 'target.llmFirstTokenMs',
  ttsFirstAudioMs: 'target.ttsFirstAudioMs',
  voiceToVoiceMs: 'target.voiceToVoiceMs',
};

/** A share (0–1) as a whole percentage: "93 %", or "–" when unknown. */
export function formatShare(intl: IntlShape, share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : intl.formatMessage({ id: 'share' }, { n: intl.formatNumber(Math.round(share * 100)) });
}

/** Whether a timing met its target, in words: "met", "missed", or "no turns" to judge. */
export function targetVerdict(stats: Pick<TargetStats, 'met'>): 'met' | 'missed' | 'no turns' {
  return stats.met === null ? 'no turns' : stats.met ? 'met' : 'missed';
}

/** A verdict in words. */
export function verdictText(intl: IntlShape, verdict: ReturnType<typeof targetVerdict>): string {
  const ids = {
    met: 'verdict.met',
    missed: 'verdict.missed',
    'no turns': 'verdict.noTurns',
  } as const;
  return intl.formatMessage({ id: ids[verdict] });
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
export function formatDuration(intl: IntlShape, ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return intl.formatMessage({ id: 'duration.s' }, { s });
  if (s < 3600)
    return intl.formatMessage({ id: 'duration.minS' }, { min: Math.floor(s / 60), s: s % 60 });
  return intl.formatMessage(
    { id: 'duration.hMin' },
    { h: Math.floor(s / 3600), min: Math.floor((s % 3600) / 60) },
  );
}

/** A timing over a session: "750 ms (600–900)", or "–" with none. */
export function formatTimingStats(
  intl: IntlShape,
  stats: Pick<TimingStats, 'avgMs' | 'minMs' | 'maxMs'> | null | undefined,
): string {
  if (!stats || stats.avgMs === null || stats.minMs === null || stats.maxMs === null) return '–';
  return intl.formatMessage(
    { id: 'timing.stats' },
    {
      avg: formatMs(intl, stats.avgMs),
      min: intl.formatNumber(Math.round(stats.minMs)),
      max: intl.formatNumber(Math.round(stats.maxMs)),
    },
  );
}

/** What the relay answered to a reset, in words: "Reset Flite (offline): breaker closed, HEALTHY." */
export function resetOutcome(
  intl: IntlShape,
  label: string,
  answer: ProviderResetResponse,
): string {
  const now = answer.providers.find((p) => p.id === answer.reset);
  return now === undefined
    ? intl.formatMessage({ id: 'reset.done' }, { label })
    : intl.formatMessage({ id: 'reset.state' }, { label, state: now.state, health: now.health });
}

/**
 * A provider's units for people: "1.5 min audio", "200 in / 80 out tokens", "1,234 characters",
 * joined by " · "; "–" with none.
 */
export function formatUnits(intl: IntlShape, units: Readonly<Record<string, number>>): string {
  const parts: string[] = [];
  const { audioMs, inputTokens, outputTokens, characters } = units;
  const count = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 0 });
  const oneDecimal = (n: number) =>
    intl.formatNumber(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (audioMs !== undefined)
    parts.push(
      audioMs >= 60_000
        ? intl.formatMessage({ id: 'units.audioMin' }, { n: oneDecimal(audioMs / 60_000) })
        : intl.formatMessage({ id: 'units.audioS' }, { n: oneDecimal(audioMs / 1000) }),
    );
  if (inputTokens !== undefined || outputTokens !== undefined)
    parts.push(
      intl.formatMessage(
        { id: 'units.tokens' },
        { input: count(inputTokens ?? 0), output: count(outputTokens ?? 0) },
      ),
    );
  if (characters !== undefined)
    parts.push(intl.formatMessage({ id: 'units.characters' }, { n: count(characters) }));
  return parts.length === 0 ? '–' : parts.join(' · ');
}

/** Bytes for people, in binary units: "512 MB", "7.8 GB". */
export function formatBytes(intl: IntlShape, bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb < 1024
    ? intl.formatMessage({ id: 'size.mb' }, { n: intl.formatNumber(Math.round(mb)) })
    : intl.formatMessage(
        { id: 'size.gb' },
        { n: intl.formatNumber(mb / 1024, { maximumFractionDigits: 1 }) },
      );
}

import {
  buildTimeline,
  summarize,
  type ClockEstimate,
  type StageName,
  type Summary,
  type TurnTimeline,
} from '@parley/shared';
import type { RoundTrip } from '@parley/shared';
import type { TurnTrace } from '../../state/store.ts';
import type { IntlShape } from 'react-intl';
import type { MessageId } from '../../i18n/intl.ts';
import { currentIntl } from '../../i18n/language.ts';
import { technicalLine } from '../tool-calls/tool-call-text.ts';

/** Stages in the order they happen, with the names the panel shows (their messages). */
export const STAGE_LABELS: Record<StageName, MessageId> = {
  endpointing: 'stageName.endpointing',
  uplink: 'stageName.uplink',
  asr: 'stageName.asr',
  llmTtft: 'stageName.llmTtft',
  ttsTtfb: 'stageName.ttsTtfb',
  downlink: 'stageName.downlink',
  playbackBuffer: 'stageName.playbackBuffer',
  voiceToVoice: 'stageName.voiceToVoice',
};

const STAGE_ORDER = Object.keys(STAGE_LABELS) as StageName[];

export interface TurnView {
  trace: TurnTrace;
  timeline: TurnTimeline;
  voiceToVoiceMs: number | null;
}

/** Every traced turn's timeline, oldest first. */
export function turnViews(traces: readonly TurnTrace[], clock: ClockEstimate | null): TurnView[] {
  return [...traces]
    .sort((a, b) => a.turnId - b.turnId)
    .map((trace) => {
      const timeline = buildTimeline(trace.client, trace.relay, clock);
      const v2v = timeline.stages.find((s) => s.name === 'voiceToVoice');
      return { trace, timeline, voiceToVoiceMs: v2v ? v2v.durationMs : null };
    });
}

/** p50 / p95 / p99 of each stage over the session's turns. */
export function stageSummaries(
  views: readonly TurnView[],
): { stage: StageName; summary: Summary }[] {
  return STAGE_ORDER.map((stage) => ({
    stage,
    summary: summarize(
      views.flatMap((v) =>
        v.timeline.stages.filter((s) => s.name === stage).map((s) => s.durationMs),
      ),
    ),
  })).filter((s) => s.summary.count > 0);
}

/** One bar of the waterfall: where it starts after the end of speech, and how long it lasts. */
export interface WaterfallBar {
  /** Unique among the turn's bars. */
  key: string;
  /** A stage of the turn, or one of its tool calls. */
  stage: StageName | 'tool';
  label: string;
  offsetMs: number;
  durationMs: number;
  errorMs: number;
  /** A tool call's technical line: name, arguments, status, what it gave (tool bars). */
  detail?: string;
}

/**
 * The waterfall of a turn: stages relative to its end of speech (or its first point), and each
 * tool call of the turn (relay clock, placed with the clock estimate) as a row after the model's
 * first token — they run between the model's rounds.
 */
export function waterfall(intl: IntlShape, view: TurnView): WaterfallBar[] {
  const { timeline } = view;
  const origin =
    timeline.points.find((p) => p.name === 'speechEnd')?.atMs ?? timeline.points[0]?.atMs ?? 0;
  const stages = STAGE_ORDER.flatMap((stage): WaterfallBar[] => {
    const s = timeline.stages.find((x) => x.name === stage);
    if (!s) return [];
    return [
      {
        key: stage,
        stage,
        label: intl.formatMessage({ id: STAGE_LABELS[stage] }),
        offsetMs: Math.round(s.startMs - origin),
        durationMs: Math.round(s.durationMs),
        errorMs: Math.round(s.errorMs),
      },
    ];
  });
  const tools = toolBars(intl, view, origin);
  const after = stages.findIndex((b) => b.stage === 'llmTtft') + 1;
  const at = after > 0 ? after : stages.findIndex((b) => b.stage === 'voiceToVoice');
  return at < 0 ? [...stages, ...tools] : [...stages.slice(0, at), ...tools, ...stages.slice(at)];
}

/** The turn's tool calls as bars; none without a clock estimate (their spans are the relay's). */
function toolBars(intl: IntlShape, view: TurnView, originMs: number): WaterfallBar[] {
  const { clock } = view.timeline;
  if (!clock) return [];
  return (view.trace.toolCalls ?? []).map((c) => ({
    key: `tool-${c.callId}`,
    stage: 'tool',
    label: intl.formatMessage({ id: 'stageName.tool' }, { name: c.name }),
    offsetMs: Math.round(c.startedAtMs - clock.offsetMs - originMs),
    durationMs: Math.round(c.endedAtMs - c.startedAtMs),
    errorMs: Math.round(clock.errorMs),
    detail: technicalLine(intl, c),
  }));
}

/** Round trips with jitter (difference to the previous round trip), for the network chart. */
export function networkSeries(roundTrips: readonly RoundTrip[]) {
  return roundTrips.map((rt, i) => ({
    atMs: rt.atMs,
    rttMs: Math.round(rt.rttMs * 10) / 10,
    jitterMs:
      i === 0
        ? 0
        : Math.round(Math.abs(rt.rttMs - (roundTrips[i - 1]?.rttMs ?? rt.rttMs)) * 10) / 10,
  }));
}

/** What Export writes (and Import reads back). */
export interface TimelineExport {
  format: 'parley-timeline';
  version: 1;
  exportedAt: string;
  clock: ClockEstimate | null;
  traces: TurnTrace[];
}

export function exportTimeline(
  traces: readonly TurnTrace[],
  clock: ClockEstimate | null,
): TimelineExport {
  return {
    format: 'parley-timeline',
    version: 1,
    exportedAt: new Date().toISOString(),
    clock,
    traces: [...traces],
  };
}

/** Reads an exported timeline; throws a message fit for the user when the file is not one. */
export function parseTimeline(text: string): TimelineExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(currentIntl().formatMessage({ id: 'timeline.notJson' }));
  }
  const d = data as Partial<TimelineExport>;
  if (d.format !== 'parley-timeline' || d.version !== 1 || !Array.isArray(d.traces)) {
    throw new Error(currentIntl().formatMessage({ id: 'timeline.notTimeline' }));
  }
  const traces = d.traces.filter(
    (t): t is TurnTrace =>
      typeof t === 'object' && Number.isInteger(t.turnId) && typeof t.client === 'object',
  );
  return { ...d, traces, clock: d.clock ?? null } as TimelineExport;
}

import { percentile, type TurnStatus } from '@parley/shared';
import type { FinishedTurn, TurnObserver } from '../observability/turn-observer.ts';

/** The latencies a session's end line sums (ms), by the turn timing each is. */
const SUMMED = ['asrFinalMs', 'llmFirstTokenMs', 'ttsFirstAudioMs', 'relayFirstAudioMs'] as const;

/** One latency over a session's turns (ms, 0.1 ms): how many, median and p95 (nearest rank). */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** What a session's end line says of its turns (see {@link SessionLatencies.summary}). */
export interface SessionLatencySummary {
  /** Turns that ended, whatever their status, and how many of each status. */
  turns: number;
  statuses: Partial<Record<TurnStatus, number>>;
  /**
   * Recognition (`asrFinalMs`, spoken turns), first token, the voice's first audio, the relay's
   * first audio (utterance end → first reply audio sent) and voice to voice as the client
   * reported it.
   */
  latencies: Record<(typeof SUMMED)[number] | 'voiceToVoiceMs', LatencySummary>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function summaryOf(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p95: null };
  return {
    count: values.length,
    p50: round1(percentile(values, 0.5)),
    p95: round1(percentile(values, 0.95)),
  };
}

/**
 * A session's latencies as its turns end (an observer of the session's own turns), for the one
 * line its end logs: operators' log-based checks read it (issue 63). Keeps a few numbers per turn.
 */
export class SessionLatencies implements Pick<TurnObserver, 'turnFinished' | 'voiceToVoice'> {
  private readonly statuses: Partial<Record<TurnStatus, number>> = {};
  private readonly values = new Map<string, number[]>();
  private turns = 0;

  turnFinished(turn: FinishedTurn): void {
    const { status, timings } = turn.result;
    this.turns++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    for (const name of SUMMED) {
      // A typed turn's `asrFinalMs` is its text's arrival: no recognition.
      if (name === 'asrFinalMs' && turn.input !== 'spoken') continue;
      const ms = timings[name];
      if (ms !== undefined && Number.isFinite(ms) && ms >= 0) this.add(name, ms);
    }
  }

  voiceToVoice(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.add('voiceToVoiceMs', seconds * 1000);
  }

  /** The session's turns and latencies so far. */
  summary(): SessionLatencySummary {
    const of = (name: string) => summaryOf(this.values.get(name) ?? []);
    return {
      turns: this.turns,
      statuses: { ...this.statuses },
      latencies: {
        asrFinalMs: of('asrFinalMs'),
        llmFirstTokenMs: of('llmFirstTokenMs'),
        ttsFirstAudioMs: of('ttsFirstAudioMs'),
        relayFirstAudioMs: of('relayFirstAudioMs'),
        voiceToVoiceMs: of('voiceToVoiceMs'),
      },
    };
  }

  private add(name: string, ms: number): void {
    const list = this.values.get(name);
    if (list) list.push(ms);
    else this.values.set(name, [ms]);
  }
}

import { Counter, Histogram, type Registry } from 'prom-client';
import type { FinishedTurn } from './turn-observer.ts';

/** What became of a spoken turn's recognition. */
export type TranscriptionOutcome = 'succeeded' | 'failed' | 'empty';

/**
 * The whole synthesis of a reply: 100 ms (a short line) to 2 minutes (a long answer said
 * whole), in seconds.
 */
const SYNTHESIS_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120] as const;

/**
 * What became of `turn`'s recognition (pure): `failed` when it ended with no final transcript
 * (the recogniser failed, or the relay stopped the turn while it waited for one), `empty` when
 * the transcript had no words, else `succeeded`. Null for a typed turn (no recognition) and for
 * one cancelled before its transcript (nothing came of the recognition either way).
 */
export function transcriptionOutcome(turn: FinishedTurn): TranscriptionOutcome | null {
  if (turn.input !== 'spoken') return null;
  const { status, marks, transcript } = turn.result;
  if (marks.asrFinalAtMs === undefined)
    return status === 'failed' ? 'failed' : status === 'empty' ? 'empty' : null;
  return transcript.trim() === '' ? 'empty' : 'succeeded';
}

/**
 * `parley_transcriptions_total` (spoken turns by what their recognition came to) and
 * `parley_tts_synthesis_seconds` (a reply's whole synthesis, request → last audio, by the voice
 * that said it), observed as each turn ends.
 */
export class TurnOutcomeMetrics {
  private readonly transcriptions: Counter<'outcome'>;
  private readonly synthesis: Histogram<'provider'>;

  constructor(registers: Registry[]) {
    this.transcriptions = new Counter({
      name: 'parley_transcriptions_total',
      help:
        'Spoken turns by what their recognition came to: succeeded (words), empty (no words), ' +
        'failed (no final transcript). Typed turns are not counted.',
      labelNames: ['outcome'],
      registers,
    });
    // Present at 0 from the start: a rate over a series that appears late misses its first rise.
    for (const outcome of ['succeeded', 'failed', 'empty'] satisfies TranscriptionOutcome[])
      this.transcriptions.inc({ outcome }, 0);
    this.synthesis = new Histogram({
      name: 'parley_tts_synthesis_seconds',
      help:
        'The whole synthesis of a reply: first sentence handed to TTS → the reply’s last ' +
        'audio sent, by the voice that said it (turns that said something).',
      labelNames: ['provider'],
      buckets: [...SYNTHESIS_BUCKETS_S],
      registers,
    });
  }

  turnFinished(turn: FinishedTurn): void {
    const outcome = transcriptionOutcome(turn);
    if (outcome) this.transcriptions.inc({ outcome });
    const { ttsTotalMs } = turn.result.timings;
    if (ttsTotalMs !== undefined && Number.isFinite(ttsTotalMs) && ttsTotalMs >= 0)
      this.synthesis.observe(
        { provider: turn.result.servedBy.tts ?? 'unknown' },
        ttsTotalMs / 1000,
      );
  }
}

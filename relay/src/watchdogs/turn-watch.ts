import type { Stage } from '@parley/shared';
import type { RelayError } from '../errors.ts';

/** A turn being answered, as the watchdogs see it. */
export interface RunningTurn {
  /** Unique in this process (a session's turn ids are not). */
  readonly id: number;
  readonly sessionId: string;
  readonly turnId: number;
  /** When it started being answered (epoch ms). */
  readonly startedAtMs: number;
  /** The stage it is in: recognising, writing the reply, or saying its end. */
  readonly stage: Stage;
}

/** What a session reports of one of its turns while it runs. */
export interface WatchedTurn {
  /**
   * The turn moved on to `stage`: `llm` once its transcript is final (the reply is being
   * written), `tts` once the reply is all written (what is left is saying it).
   */
  enter(stage: Stage): void;
  /** The turn is over (whatever became of it). */
  done(): void;
}

/** What a session says of a turn it starts. */
export interface TurnStart {
  sessionId: string;
  turnId: number;
  /** An utterance (its final transcript comes from the recogniser), not a typed message. */
  spoken: boolean;
  /** Stops the turn: it fails with `err`, which its client is told. */
  stop(err: RelayError): void;
}

/** What sessions need of the watch (the stuck-turn watchdog reads the rest). */
export interface TurnTracker {
  track(turn: TurnStart): WatchedTurn;
}

interface Entry extends RunningTurn {
  stage: Stage;
  readonly spoken: boolean;
  readonly stop: (err: RelayError) => void;
}

/**
 * The turns every session of the relay is answering, with the stage each is in (for the
 * stuck-turn watchdog and the ops overview), and when the relay last produced the final
 * transcript of an utterance and how long that took (for `/health`).
 */
export class TurnWatch implements TurnTracker {
  private readonly turns = new Map<number, Entry>();
  private nextId = 1;
  private lastTranscriptAt: number | null = null;
  private lastTranscriptionTook: number | null = null;

  /** `now`: epoch ms. */
  constructor(private readonly now: () => number = Date.now) {}

  track(turn: TurnStart): WatchedTurn {
    const entry: Entry = {
      id: this.nextId++,
      sessionId: turn.sessionId,
      turnId: turn.turnId,
      startedAtMs: this.now(),
      stage: 'asr',
      spoken: turn.spoken,
      stop: (err) => turn.stop(err),
    };
    this.turns.set(entry.id, entry);
    return {
      enter: (stage) => {
        if (!this.turns.has(entry.id) || stage === entry.stage) return;
        // An utterance leaves the recogniser with its final transcript.
        if (entry.spoken && entry.stage === 'asr') {
          const at = this.now();
          this.lastTranscriptAt = at;
          this.lastTranscriptionTook = Math.round((at - entry.startedAtMs) * 10) / 10;
        }
        entry.stage = stage;
      },
      done: () => void this.turns.delete(entry.id),
    };
  }

  /** The turns running now, oldest first. */
  running(): RunningTurn[] {
    return [...this.turns.values()].map(({ id, sessionId, turnId, startedAtMs, stage }) => ({
      id,
      sessionId,
      turnId,
      startedAtMs,
      stage,
    }));
  }

  /** Stops running turn `id` with `err`; false when it is not running any more. */
  stop(id: number, err: RelayError): boolean {
    const entry = this.turns.get(id);
    if (!entry) return false;
    entry.stop(err);
    return true;
  }

  /** When the relay last produced an utterance's final transcript (epoch ms); null: not yet. */
  get lastTranscriptAtMs(): number | null {
    return this.lastTranscriptAt;
  }

  /**
   * How long that transcription took (ms, 0.1 ms): from when its turn started being answered
   * (utterance.end received) to the final transcript; null: none yet.
   */
  get lastTranscriptionMs(): number | null {
    return this.lastTranscriptionTook;
  }
}

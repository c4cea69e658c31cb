import type {
  ClientMarks,
  LanguageDrift,
  ServedBy,
  TurnMarks,
  TurnTimings,
  TurnToolCall,
} from '@parley/shared';

/** A sound over a reply, judged: it stopped the reply or let it go on, `afterMs` its onset. */
export interface OverReplyMark {
  action: 'resume' | 'stop';
  reason: string;
  afterMs: number;
}

/** Everything known about one turn's timing, from both ends (see `buildTimeline`). */
export interface TurnTrace {
  turnId: number;
  traceId?: string;
  /** What the user said (or typed). */
  text?: string;
  typed?: boolean;
  client: ClientMarks;
  /** The relay's marks, on its clock. */
  relay?: TurnMarks;
  relayTimings?: TurnTimings;
  servedBy?: ServedBy;
  status?: string;
  costMicros?: number;
  /** How long the end of the user's turn waited at their last pause, and why. */
  endOfTurn?: { waitMs: number; reason: string };
  /** Sounds the user made over this turn's reply: whether each stopped it, and why. */
  overReply?: OverReplyMark[];
  /** The tools the turn called, with their spans on the relay's clock (from `turn.done`). */
  toolCalls?: TurnToolCall[];
  /** The reply was in another language than the conversation's (from `turn.done`). */
  languageDrift?: LanguageDrift;
}

/** An update of a turn's trace: its client marks are merged with those already known. */
export type TraceUpdate = Omit<Partial<TurnTrace>, 'client'> & { client?: ClientMarks };

import type { BargeInRule, PauseProsody } from '@parley/shared';

/** Where the conversation is, as the user experiences it. */
export type TurnPhase = 'listening' | 'user-speaking' | 'thinking' | 'speaking';

/** What the turn-taker must do after an event, in order. */
export type TurnEffect =
  /** Hand the VAD event to the utterance gate (start, end or cancel an utterance). */
  | { type: 'forward' }
  /** Duck the reply at once (a possible interruption): ramp down, keep what is queued. */
  | { type: 'pause-playback' }
  /** It was not speech after all: carry on with the reply. */
  | { type: 'resume-playback' }
  /** The user really speaks over the reply: stop it, drop the rest, tell the relay what was heard. */
  | { type: 'barge-in'; turnId: number }
  /** The user speaks before the reply started playing: the relay stops producing it. */
  | { type: 'cancel-reply'; turnId: number }
  /** The utterance over the reply was a backchannel: drop it (it is no turn), never answer it. */
  | { type: 'drop-utterance' }
  /**
   * Keep the VAD's end of the utterance over the reply: its words are late, they decide; with
   * `readWhole`, ask the relay for its reading of the whole sound (a level hum's, see
   * BargeInDecision.awaitsReading in shared).
   */
  | { type: 'hold-end'; readWhole: boolean }
  /** The held end goes to the utterance gate after all: the words took the turn. */
  | { type: 'release-end' }
  /** Why a sound over the reply of `turnId` stopped it or let it go on, `afterMs` its onset. */
  | { type: 'judged'; turnId: number; action: 'resume' | 'stop'; reason: string; afterMs: number };

export interface TurnMachineOptions {
  /** Full duplex: the user can interrupt. Half: the mic is ignored while the reply plays. */
  duplex: 'full' | 'half';
  /** After a speech start over the reply, how long to wait for real speech before resuming (ms). */
  misfireWindowMs: number;
  /** After a loud onset over the reply, how long the VAD has to call it speech (ms). Default 150. */
  onsetWindowMs?: number;
  /**
   * How a sound over the reply is judged: `words` (default; see judgeBargeIn) or `any-sound`
   * (the VAD's confirmation stops it, the user's "stop at any sound").
   */
  bargeIn?: BargeInRule;
  /** The conversation's language (BCP 47): whose words judge a sound over the reply. */
  language?: string;
  /**
   * How the voice moved over the microphone's audio from `fromMs` to `toMs` (stream ms): a
   * sound over the reply's pitch once it has gone quiet (a lone question word asks only where
   * it rose). Null where the audio is not kept. Absent: its pitch is not known.
   */
  soundPitch?: (fromMs: number, toMs: number) => PauseProsody['pitch'] | null;
}

/** A `judged` effect for the reply of `turnId`, timed from the sound's onset. */
export function judged(
  turnId: number,
  action: 'resume' | 'stop',
  reason: string,
  sinceMs: number,
  nowMs?: number,
): TurnEffect {
  return {
    type: 'judged',
    turnId,
    action,
    reason,
    afterMs: Math.max(0, (nowMs ?? sinceMs) - sinceMs),
  };
}

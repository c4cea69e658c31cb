import type { BargeInRule, ClientMessage, Eagerness, PcmChunk } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import type { TraceUpdate } from './turn-trace.ts';
import type { TurnPhase } from './turn-machine.ts';

/** What a TurnTaker is given and tells (see turn-taker.ts). */

/** What the turn-taker tells the page (it writes no state itself). */
export interface TurnTakerEvents {
  /** Turn-taking moved to `phase` (or was asked again where it is). */
  phase(phase: TurnPhase): void;
  /** The user's turn `turnId` began: spoken (text '' until transcribed) or typed (final). */
  userTurn(turnId: number, text: string, final: boolean): void;
  /** The utterance of `turnId` was dropped (a misfire): it is no turn. */
  userTurnDropped(turnId: number): void;
  /** What the turn-taker learnt of a turn's timing. */
  trace(turnId: number, update: TraceUpdate): void;
  /** The user cut the reply of `turnId` short. */
  interrupted(turnId: number): void;
}

export interface TurnTakerDeps {
  events: TurnTakerEvents;
  send(message: ClientMessage): void;
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void;
  player: AudioPlayer;
  /** Capture time (epoch ms) of a 16 kHz stream sample. */
  epochMsOf(sample: number): number;
  /** Ends the VAD's speech segment now (its `speechEnd` follows): the policy's wait is over. */
  endSpeech(): void;
  /** How soon turns end at a pause (the user's choice, from `ready` or their settings). */
  eagerness: Eagerness;
  /** `policy` (the default) or `fixed` (the VAD's 500 ms, for comparison: `?eot=fixed`). */
  endOfTurnRule: 'policy' | 'fixed';
  /** Sample rate of the relay's reply audio (Hz). */
  outputRateHz: number;
  duplex: 'full' | 'half';
  /** How a sound over the reply is judged (the user's preference); default `words`. */
  bargeIn?: BargeInRule;
  /**
   * The conversation's language (BCP 47, from `ready` or the user's settings): whose words
   * judge pauses and sounds over the reply; default English.
   */
  language?: string;
  firstTurnId: number;
  /**
   * The seq of the first microphone chunk: above every chunk of the session (a session handed
   * over by the page before this one had some; see HandOffConnection.nextMicSeq). Default 0.
   */
  firstSeq?: number;
  vadThresholds: { positive: number; negative: number };
}

/** What the user did with the controls, for the decisions log. */
export type ControlEvent = 'mic-lost' | 'interrupt' | 'press' | 'release' | 'words';

import type { BargeInRule, Eagerness } from '@parley/shared';
import type { ToolAnswer, TurnRetry } from '../turn/typed-message.ts';
import { CallControls } from './call-controls.ts';
import type { CallDeps } from './call-deps.ts';
import { CallPhase } from './call-phase.ts';
import type { LinkSound } from './link-sound.ts';
import { PageBack } from './page-back.ts';
import { TextChat } from './text-chat.ts';
import { VoiceCall } from './voice-call.ts';

/**
 * The page's conversation with the relay, spoken or typed: what the UI and the keyboard act on
 * (the state it is in is shown through its sink, see CallSink). Made once by the page (see `createCall`).
 */
export interface Call {
  /** What the user controls during a call: mute, push-to-talk, the devices. */
  readonly controls: CallControls;
  /** Starts a spoken call (from the user's tap: audio is unlocked in it). */
  start(): Promise<void>;
  /** Ends the spoken call. */
  stop(): void;
  /**
   * Sends a typed message as the next turn, wherever the conversation is: into the call when one
   * runs, else into the typed conversation (opened first if needed — after a call ended, too).
   * Call from the user's gesture (a spoken reply needs it). Resolves false when it was not sent
   * (the relay could not be reached; a call is opening).
   */
  send(text: string): Promise<boolean>;
  /**
   * Sends the user's tap on Confirm or Decline of a confirmation as the next turn, wherever the
   * conversation is (as `send`); resolves false when it was not sent.
   */
  answer(answer: ToolAnswer): Promise<boolean>;
  /**
   * Asks a failed turn's question again as the next turn (`turn.retry`: the relay answers the
   * words it has of it, and the new turn replaces the old one), wherever the conversation is (as
   * `send`); resolves false when it was not sent.
   */
  retry(retry: TurnRetry): Promise<boolean>;
  /** Reconnects now, skipping the wait: the call's connection, else the typed conversation's. */
  retryNow(): void;
  /** Asks for the microphone back after it stopped (from the user's tap). */
  retryMic(): void;
  /** How soon turns end at a pause, from now on (the user saved their preference). */
  setEagerness(eagerness: Eagerness): void;
  /** How a sound over the reply is judged, from now on (the user saved their preference). */
  setBargeIn(rule: BargeInRule): void;
  /** Whose words turn-taking reads (BCP 47), from now on (the user saved their preference). */
  setTurnLanguage(language: string): void;
  /**
   * Ends whatever is open, spoken or typed (its session ends at the relay, kept in the history):
   * the next message, typed or spoken, opens a new session.
   */
  endAll(): void;
}

/**
 * Makes the page's conversation from what it needs of the page (see {@link CallDeps}): the
 * spoken call (VoiceCall), the typed conversation it takes over and hands back (TextChat), and
 * the controls the user has over the call.
 */
export function createCall(deps: CallDeps): Call {
  const phase = new CallPhase((p) => deps.sink.state({ phase: p }));
  const controls = new CallControls(deps.sink, deps.storage);
  const sound: LinkSound = {
    speakerDeviceId: () => controls.speakerDeviceId,
    speaks: () => deps.view.speakReplies() || phase.current !== 'idle',
  };
  // Back shows the page again after its conversation went: it takes the hand-off waiting.
  const back: PageBack = new PageBack(
    deps.page,
    (): boolean => voice.active || typed.resumeHandedOff(),
  );
  const typed = new TextChat({ ...deps, sound, back });
  const voice = new VoiceCall({ ...deps, phase, sound, back }, controls, typed);
  typed.resumeHandedOff();
  return {
    controls,
    start: () => voice.start(),
    stop: () => voice.stop(),
    send: (text) => {
      // A call opening takes the session: a typed conversation opened now would be a second one.
      if (phase.current === 'starting') return Promise.resolve(false);
      // The type box and a failed turn's "Try again" both send through here, so a retry works
      // outside a call too.
      if (voice.sendText(text)) return Promise.resolve(true);
      return typed.send(text);
    },
    answer: (answer) => {
      if (phase.current === 'starting') return Promise.resolve(false);
      if (voice.sendAnswer(answer)) return Promise.resolve(true);
      return typed.send(answer);
    },
    retry: (retry) => {
      if (phase.current === 'starting') return Promise.resolve(false);
      if (voice.sendAnswer(retry)) return Promise.resolve(true);
      return typed.send(retry);
    },
    retryNow: () => {
      if (!voice.retryNow()) typed.retryNow();
    },
    retryMic: () => voice.retryMic(),
    setEagerness: (eagerness) => voice.setEagerness(eagerness),
    setBargeIn: (rule) => voice.setBargeIn(rule),
    setTurnLanguage: (language) => voice.setLanguage(language),
    endAll: () => {
      voice.stop();
      typed.close();
    },
  };
}

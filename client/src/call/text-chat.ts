import type {
  AudioFrame,
  OfflineState,
  PageHandOff,
  ReadyMessage,
  ServerMessage,
} from '@parley/shared';
import { setAudioSession, unlockOutput } from '../audio/output-unlock.ts';
import { createPlayer, type AudioPlayer } from '../audio/player.ts';
import type { CallDeps } from './call-deps.ts';
import { isUnexpectedFailure, offlineFailure, startFailure } from './failure-text.ts';
import { HeldOutput, type HeldItem } from './held-output.ts';
import { RelayLink, type LinkDeps, type LinkListener } from './relay-link.ts';
import { showHandedOff, takeTabHandOff } from './tab-hand-off.ts';
import { typedWords, type TypedTurn } from '../turn/typed-message.ts';
import { sendTyped } from './typed-turn.ts';

/** The typed conversation's connection, once the relay accepted it. */
interface Open {
  link: RelayLink;
  ready: ReadyMessage;
}

/**
 * Typing without a call: the first message opens a session like any other (a connection to the
 * relay, history, cost), later ones go on in it; a call started meanwhile takes the session
 * over. Replies are spoken when the user asked for that ("speak replies"), through a player
 * made on the gesture that sent the message.
 */
export class TextChat implements LinkListener {
  private open: Open | null = null;
  private opening: Promise<Open | null> | null = null;
  private speech: { context: AudioContext; player: Promise<AudioPlayer> } | null = null;
  /** A spoken call handed over: its output kept for the call until it takes the session. */
  private held: HeldOutput | null = null;

  constructor(private readonly d: CallDeps & Pick<LinkDeps, 'sound' | 'back'>) {}

  /** Whether a typed conversation holds a connection (or is opening one). */
  get active(): boolean {
    return this.open !== null || this.opening !== null;
  }

  /**
   * Sends `turn` (typed words, or a tapped answer) as the next turn, opening the session first if
   * needed. Call from the user's gesture (the reply's audio needs it). Resolves false when the
   * relay could not be reached: the message was not sent.
   */
  async send(turn: TypedTurn): Promise<boolean> {
    const { sink } = this.d;
    const speak = this.d.view.speakReplies();
    // Typed rather than called back: replies are this conversation's, spoken or not.
    this.held = null;
    if (speak) this.prepareSpeech();
    const turnId = this.d.view.nextTurnId();
    const text = typedWords(turn);
    sink.transcript({ turnId, text, final: true });
    const open = this.open ?? (await this.connect());
    if (!open) {
      sink.turn({ kind: 'dropped', turnId });
      return false;
    }
    sendTyped(
      turnId,
      turn,
      {
        send: (m) => open.link.connection.send(m),
        trace: (id, update) => sink.latency({ kind: 'trace', turnId: id, update }),
      },
      speak,
    );
    return true;
  }

  /**
   * A call takes the session over (its turns, its cost): the connection is handed out, and the
   * typed conversation's own player is let go. Null when there is none (or it is still opening).
   */
  async handOver(): Promise<Open | null> {
    const open = this.open ?? (await this.opening);
    this.open = null;
    this.releaseSpeech();
    return open;
  }

  /**
   * The output of a spoken call handed over that came before the call took the session (see
   * HeldOutput), for the call to play; nothing is held after. Call once the call's listener
   * has the link.
   */
  takeHeld(): HeldItem[] {
    const items = this.held?.take() ?? [];
    this.held = null;
    return items;
  }

  /**
   * The tab's page before this one handed its conversation over (`endOnPageHide: false`; see
   * tab-hand-off.ts): read once now; shown again and its session resumed here from the next
   * microtask (listeners added right after the call was made hear it), with no tap (no
   * microphone yet). A call started next takes the session over, as it takes any typed one.
   * Also when Back shows this page again after its conversation went (see PageBack): the
   * conversation told then replaces the one the page showed. False: none was there to take.
   */
  resumeHandedOff(): boolean {
    if (this.d.endOnPageHide !== false || this.active) return true;
    const { sink, page, relay } = this.d;
    const handOff = takeTabHandOff(page.sessionStorage, relay.socketUrl(), Date.now());
    if (!handOff) return false;
    if (handOff.mode === 'call') this.held = new HeldOutput();
    queueMicrotask(() => {
      const { mode, muted } = handOff;
      sink.session({ kind: 'handed-over', mode, muted });
      showHandedOff(sink, handOff);
    });
    void this.connect(handOff);
    return true;
  }

  /** Try to reconnect now; false without a typed conversation. */
  retryNow(): boolean {
    this.open?.link.retryNow();
    return this.open !== null;
  }

  /** Ends the typed conversation (its session ends at the relay). */
  close(): void {
    this.open?.link.close();
    this.open = null;
    this.held = null;
    this.releaseSpeech();
  }

  /** A call could not open the microphone: its session goes on here, typed. */
  adopt(link: RelayLink, ready: ReadyMessage): void {
    this.held = null;
    link.listen(this);
    this.open = { link, ready };
  }

  onMessage(m: ServerMessage): void {
    this.d.sink.message(m);
    this.held?.message(m);
    if (m.type === 'turn.done') void this.speech?.player.then((p) => p.endTurn(m.turnId));
  }

  onAudio(frame: AudioFrame): void {
    if (this.held) {
      this.held.audio(frame);
      return;
    }
    const rate = this.open?.ready.outputSampleRateHz;
    if (rate === undefined) return;
    void this.speech?.player.then((p) => p.enqueue(frame.turnId, frame.samples, rate));
  }

  /** The page went with the conversation (see LinkListener.left): nothing of it is left here. */
  left(): void {
    this.open = null;
    this.opening = null;
    this.held = null;
    this.releaseSpeech();
  }

  onEnded(state: OfflineState): void {
    // A first attempt that failed is told by `connect`.
    if (!this.open) return;
    this.open = null;
    this.releaseSpeech();
    this.d.sink.error({ kind: 'ended', failure: offlineFailure(state), retry: null });
  }

  private connect(handOff: PageHandOff | null = null): Promise<Open | null> {
    this.opening ??= RelayLink.open(this.d, this, handOff)
      .then((open) => {
        this.d.sink.session({ kind: 'typed-session' });
        this.open = open;
        return open;
      })
      .catch((err: unknown) => {
        if (isUnexpectedFailure(err))
          this.d.sink.error({
            kind: 'unexpected',
            what: 'conversation failed to start',
            cause: err,
          });
        this.d.sink.error({ kind: 'start', failure: startFailure(err), retry: null });
        return null;
      })
      .finally(() => {
        this.opening = null;
      });
    return this.opening;
  }

  /**
   * Made inside the user's gesture, so that the browser lets it play; one the system suspended
   * since (a phone call, Siri) is resumed by the same gesture.
   */
  private prepareSpeech(): void {
    if (this.speech) {
      if (this.speech.context.state !== 'running') unlockOutput(this.speech.context);
      return;
    }
    const context = this.d.audioContext({ latencyHint: 'interactive' });
    unlockOutput(context);
    setAudioSession('playback', this.d.page.audioSession);
    this.speech = { context, player: createPlayer(context) };
  }

  private releaseSpeech(): void {
    const speech = this.speech;
    this.speech = null;
    if (!speech) return;
    setAudioSession('auto', this.d.page.audioSession);
    void speech.player.then((p) => p.dispose()).catch(() => undefined);
    void speech.context.close();
  }
}

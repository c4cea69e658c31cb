import {
  ConnectError,
  MAX_TYPED_CHARS,
  rms,
  type BargeInRule,
  type Eagerness,
  type OfflineState,
  type ServerMessage,
} from '@parley/shared';
import type { CapturedAudio } from '../audio/capture.ts';
import { unlockOutput } from '../audio/output-unlock.ts';
import { createPlayer } from '../audio/player.ts';
import { ScreenWakeLock } from '../audio/wake-lock.ts';
import { measureDuplex } from '../mic/echo-check.ts';
import type { GestureMic } from '../mic/gesture-mic.ts';
import { TapToResume } from '../mic/gesture-resume.ts';
import { MicPermission } from '../mic/mic-permission.ts';
import { startAssistantMeter } from './assistant-meter.ts';
import type { CallControls } from './call-controls.ts';
import type { CallDeps } from './call-deps.ts';
import type { CallPhase } from './call-phase.ts';
import { isLateWords } from './call-events.ts';
import { callTurns } from './call-turns.ts';
import { askForMic, callMic } from './call-mic.ts';
import { CallStart, StartEnded } from './call-start.ts';
import { ReplyAudio } from './reply-audio.ts';
import { isUnexpectedFailure, offlineFailure, startFailure } from './failure-text.ts';
import { LinkSampler } from './link-sampler.ts';
import { OpusUplink } from './opus-uplink.ts';
import { callLeaving } from './call-leaving.ts';
import { closeOpenCall, debugParts, type OpenCall } from './open-call.ts';
import { PageWatch } from './page-watch.ts';
import { RelayLink, type LinkDeps, type LinkListener } from './relay-link.ts';
import type { TextChat } from './text-chat.ts';
import type { ToolAnswer, TurnRetry } from '../turn/typed-message.ts';

/** What a spoken call uses: the page's (CallDeps), its phase, and how its link's sounds are heard. */
export type VoiceCallDeps = CallDeps & Pick<LinkDeps, 'sound' | 'back'> & { phase: CallPhase };

/**
 * The spoken conversation: microphone → VAD → turn-taking → the relay; relay messages → the
 * sink; reply audio → player. Not React: the page calls `start`/`stop` (through `createCall`)
 * and reads what the sink showed.
 */
export class VoiceCall {
  private call: OpenCall | null = null;
  private readonly wakeLock: ScreenWakeLock;
  private readonly page: PageWatch;
  /** The start under way (ended by `stop`, it goes no further), and when it is over. */
  private starting: { start: CallStart; done: Promise<void> } | null = null;
  private readonly tapToResume: TapToResume;
  private readonly micPermission = new MicPermission();

  constructor(
    private readonly d: VoiceCallDeps,
    /** What the user controls during a call (mute, push-to-talk, devices). */
    private readonly controls: CallControls,
    /** The typed conversation a call takes over, and hands back when the mic cannot open. */
    private readonly typed: TextChat,
  ) {
    this.wakeLock = new ScreenWakeLock(d.page);
    this.page = new PageWatch(
      {
        back: () => this.call?.socket.reconnectNow(),
        leaving: () => this.stop(),
      },
      () => d.page,
      d.endOnPageHide ?? true,
    );
    this.tapToResume = new TapToResume(d.page.window, () => this.retryMic());
    this.micPermission.watch(d.permissions);
  }

  /** A call is open, or starting. */
  get active(): boolean {
    return this.call !== null || this.starting !== null;
  }

  /** Opens the mic and the relay connection. Call from a user gesture (audio unlock). */
  start(): Promise<void> {
    if (this.call || this.starting) return this.starting?.done ?? Promise.resolve();
    const rate = this.d.switches.sampleRateHz;
    // Created synchronously inside the gesture, so mobile browsers let it play.
    const context = this.d.audioContext({
      latencyHint: 'interactive',
      ...(rate === null ? {} : { sampleRate: rate }),
    });
    unlockOutput(context);
    const mic = askForMic(this.d, this.controls.preferredInput, this.micPermission.mayPrompt);
    // Shown, the start clears what the last one left (its notice, a blocked microphone).
    this.d.phase.set('starting');
    const start = new CallStart(context);
    const done = this.open(start, mic)
      .catch((err: unknown) => this.startFailed(start, err))
      .finally(() => {
        this.starting = null;
        mic.release();
      });
    this.starting = { start, done };
    return done;
  }

  /** Sends a typed message as a turn; false when no call is open. */
  sendText(text: string): boolean {
    const turns = this.call?.turns;
    const trimmed = text.trim();
    if (!turns || trimmed === '') return false;
    turns.typed(trimmed.slice(0, MAX_TYPED_CHARS));
    return true;
  }

  /**
   * Sends the user's tapped answer to a confirmation, or a failed turn's question asked again, as
   * a turn; false when no call is open.
   */
  sendAnswer(answer: ToolAnswer | TurnRetry): boolean {
    const turns = this.call?.turns;
    if (!turns) return false;
    turns.typed(answer);
    return true;
  }

  /** How soon turns end at a pause, from now on (the user saved their preference). */
  setEagerness(eagerness: Eagerness): void {
    this.call?.turns?.setEagerness(eagerness);
  }

  /** How a sound over the reply is judged, from now on (the user saved their preference). */
  setBargeIn(rule: BargeInRule): void {
    this.call?.turns?.machine.setBargeIn(rule);
  }

  /** The conversation's language (BCP 47), from now on (the user saved their preference). */
  setLanguage(language: string): void {
    this.call?.turns?.setLanguage(language);
    if (this.call?.turns) this.d.sink.session({ kind: 'language', language });
  }

  /** Try to reconnect now, skipping the wait; false without a call. */
  retryNow(): boolean {
    this.call?.link.retryNow();
    return this.call !== null;
  }

  /** The user asks for the microphone back after it stopped (call from their tap). */
  retryMic(): void {
    this.call?.mic?.retry();
  }

  /** Ends the conversation: releases the mic and closes the connection. */
  stop(): void {
    this.starting?.start.end();
    this.teardown();
    this.d.sink.connection({ status: 'idle' });
  }

  /** What the call's connection says goes to the call. */
  private readonly listener: LinkListener = {
    onMessage: (m) => this.onMessage(m),
    onAudio: (f) => this.call?.reply.frame(f),
    onEnded: (state) => this.onLinkEnded(state),
    // A sound over the reply held for its words waits for them while none can come.
    onLinkState: (live) => this.call?.turns?.linkState(live),
    leaving: () => callLeaving(this.call, this.controls),
    // The session went with the page: the call is over here (its link is done already).
    left: () => {
      this.starting?.start.end();
      this.teardown(true);
      this.d.sink.connection({ status: 'idle' });
    },
  };

  private async open(start: CallStart, asked: GestureMic): Promise<void> {
    const { context } = start;
    const { sink } = this.d;
    sink.latency({ kind: 'reset' });
    // A typed conversation going on becomes this call (the same session).
    const typed = await this.typed.handOver();
    if (!typed) sink.connection({ status: 'connecting' });
    const linking = typed ? Promise.resolve(typed) : RelayLink.open(this.d, this.listener);
    const [{ link, ready }, player, vad] = await Promise.all([
      linking,
      createPlayer(context, {
        onFirstSamplePlayed: (turnId, epochMs) => this.call?.reply.played(turnId, epochMs),
        onDrained: () => this.call?.turns?.drained(),
      }),
      this.d.loadVad((e) => this.call?.turns?.vad(e)),
    ]).catch((err: unknown) => {
      void linking.then(
        (opened) => opened.link.close(),
        () => undefined,
      );
      throw err;
    });
    // Ended while the relay answered and the detector loaded: the session ends with it.
    if (start.ended) {
      link.close();
      throw new StartEnded();
    }
    link.listen(this.listener);
    const socket = link.connection;
    // The providers are the link's to keep (every `ready`, every `providers.changed`): a typed
    // conversation handed over has its `ready` from before any change an admin saved since.
    if (!typed) sink.session({ kind: 'call-session' });
    const sampler = new LinkSampler(socket, ready, link.codecs.decoder);
    const call: OpenCall = {
      context,
      link,
      socket,
      ready,
      uplink: new OpusUplink(socket, {
        opus: ready.codecs?.up === 'opus',
        bitrate: () => sampler.upBitrate,
        onEncoding: (bitrate) => sampler.encoding(bitrate),
      }),
      player,
      vad,
      mic: null,
      turns: null,
      dropped: new Set(),
      listeners: new Set(),
      reply: new ReplyAudio({
        sink,
        socket,
        player,
        outputRateHz: ready.outputSampleRateHz,
        turns: () => call.turns,
      }),
      networkTimer: setInterval(
        () =>
          sink.latency({
            kind: 'network',
            sample: sampler.sample(Date.now(), call.mic?.current ?? null),
          }),
        1000,
      ),
      stopMeter: startAssistantMeter(
        this.d.phase,
        (level) => sink.level({ source: 'assistant', level }),
        context,
        player.output,
      ),
      closeContext: () => start.close(),
    };
    this.call = call;
    vad.reset();
    const mic = callMic(this.d, {
      context,
      asked,
      preferredInput: this.controls.preferredInput,
      nextStreamSample: () => call.turns?.streamEndSample ?? 0,
      events: {
        onAudio: (a) => this.onCaptured(a),
        onPaused: () => this.onMicPaused(call),
        // Turn-taking starts afresh on the new audio (the VAD state was dropped at the pause).
        onResumed: () => call.vad.reset(),
        onState: (state) => {
          sink.mic({ state });
          this.tapToResume.follow(state);
        },
        // Another input took over: the page says which (for as long as it sees fit).
        onSwitched: (label) => sink.mic({ switchedTo: label }),
        onCapture: (capture) => {
          this.d.debug?.expose(debugParts(call));
          this.controls.captureOpened(capture.track);
        },
        onHeldAudio: (a) => sink.level({ source: 'mic', level: rms(a.samples) }),
      },
    });
    call.mic = mic;
    const forced = this.d.switches.duplex;
    // Before the microphone opens: every captured block must reach the chunker.
    call.turns = callTurns(this.d, call, mic);
    // What came for the call before it could play it (a conversation handed over): now.
    for (const item of this.typed.takeHeld())
      if (item.kind === 'audio') call.reply.frame(item.frame);
      else this.followTurn(item.message);
    this.controls.attach({ mic, turns: call.turns, context, devices: this.d.devices });
    await mic.start();
    if (this.call !== call) return; // ended while the microphone opened (see stop)
    // The relay checks on a call gone silent (a typed conversation, never).
    call.uplink.send({ type: 'call.state', live: true });
    this.page.start();
    this.wakeLock.start();
    this.d.phase.set('listening');
    if (forced) sink.session({ kind: 'duplex', duplex: forced });
    else
      void measureDuplex(context, call.listeners).then((duplex) => {
        call.turns?.machine.setDuplex(duplex);
        sink.session({ kind: 'duplex', duplex });
      });
  }

  /**
   * The call could not start (or was ended meanwhile: torn down already, nothing to tell). A
   * microphone that would not open leaves the session open for typing (its notice says how to
   * allow it); anything else is told the one way it is told.
   */
  private startFailed(start: CallStart, err: unknown): void {
    // Once (see CallStart): the call it opened may have closed it already.
    start.close();
    if (start.ended) return;
    const failure = startFailure(err);
    if (isUnexpectedFailure(err))
      this.d.sink.error({ kind: 'unexpected', what: 'call failed to start', cause: err });
    const call = this.call;
    const keep = failure.kind === 'mic' && call !== null;
    this.teardown(keep);
    if (keep) this.typed.adopt(call.link, call.ready);
    else if (!(err instanceof ConnectError))
      // The connection was fine (or never tried): nothing is connected now.
      this.d.sink.connection({ status: 'idle' });
    this.d.sink.error({ kind: 'start', failure, retry: 'call' });
  }

  /** The connection ended for good during the call: the call ends, and the page says why. */
  private onLinkEnded(state: OfflineState): void {
    if (!this.call) return;
    this.teardown();
    this.d.sink.error({ kind: 'ended', failure: offlineFailure(state), retry: 'call' });
  }

  private onCaptured(a: CapturedAudio): void {
    const call = this.call;
    if (!call) return;
    const level = rms(a.samples);
    this.d.sink.level({ source: 'mic', level });
    if (this.d.switches.keepLevels)
      this.d.debug?.captureBlock(a.firstSample, a.capturedAtMs, level, a.samples);
    call.turns?.captured(a.samples, a.firstSample, 20 * Math.log10(level));
    call.vad.push(a.samples, a.firstSample);
    for (const listener of call.listeners) listener(a);
  }

  /**
   * The microphone stopped (see ResilientMic): what the user was saying is ended or dropped,
   * the VAD forgets the segment; the call and its connection go on.
   */
  private onMicPaused(call: OpenCall): void {
    call.vad.reset();
    call.turns?.micPaused();
    this.d.sink.level({ source: 'mic', level: 0 });
  }

  private onMessage(m: ServerMessage): void {
    if (this.call && isLateWords(m, this.call.dropped)) return;
    this.d.sink.message(m);
    this.followTurn(m);
  }

  /** What a message of the relay does to the call's turns and player (besides being shown). */
  private followTurn(m: ServerMessage): void {
    if (m.type === 'tool.confirm' || m.type === 'tool.closed' || m.type === 'transcript.final')
      this.call?.turns?.setQuestionOpen(this.d.view.questionOpen());
    if (m.type === 'transcript.partial') this.call?.turns?.words(m.turnId, m);
    if (m.type === 'reply.delta') this.call?.turns?.relayTurn(m.turnId);
    // The relay ended the call (silence): the mic is released; the notice says why.
    if (m.type === 'call.ended') return this.stop();
    if (m.type !== 'turn.done') return;
    this.call?.player.endTurn(m.turnId);
    this.call?.turns?.turnDone(m.turnId, m.audioSamples > 0);
  }

  /** Ends the call; `keepLink`: its connection is handed on (not closed). */
  private teardown(keepLink = false): void {
    const { sink } = this.d;
    const call = this.call;
    this.call = null;
    this.page.stop();
    this.wakeLock.stop();
    this.controls.detach();
    this.tapToResume.stop();
    if (call) closeOpenCall(call, keepLink);
    sink.mic({ state: null });
    this.d.phase.set('idle');
    sink.level({ source: 'mic', level: 0 });
  }
}

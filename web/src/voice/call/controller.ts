import {
  ConnectError,
  MAX_TYPED_CHARS,
  rms,
  type AudioFrame,
  type Eagerness,
  type OfflineState,
  type ReadyMessage,
  type ResilientConnection,
  type ServerMessage,
} from '@parley/shared';
import { startCapture, type CapturedAudio, type MicCapture } from '../../audio/capture.ts';
import { captureConstraints } from '../../audio/capture-constraints.ts';
import { reportCallFailure } from '../../error-tracking/error-tracking.ts';
import { unlockOutput } from '../../audio/output-unlock.ts';
import { createPlayer, type AudioPlayer } from '../../audio/player.ts';
import { ScreenWakeLock } from '../../audio/wake-lock.ts';
import type { VadEvent } from '../../audio/vad.ts';
import type { VadHandle } from '../../audio/vad-handle.ts';
import { actions, store } from '../../state/store.ts';
import type { AudioLine } from '../../state/types.ts';
import { startAssistantMeter } from './assistant-meter.ts';
import { controls } from './call-controls.ts';
import { turnTakerToStore } from './call-events.ts';
import {
  captureLevelsWanted,
  endOfTurnRule,
  forcedDuplex,
  forcedSampleRate,
  processingOptions,
  nextTurnId,
} from './call-options.ts';
import { exposeDebug, recordCaptureBlock } from './debug-hooks.ts';
import { measureDuplex } from '../mic/echo-check.ts';
import { PageWatch, watchPageVisibility } from './page-watch.ts';
import { GestureMic } from '../mic/gesture-mic.ts';
import { MicPermission } from '../mic/mic-permission.ts';
import { onNextGesture, waitsForTap } from '../mic/gesture-resume.ts';
import { inputToOpen } from '../mic/input-device.ts';
import { ResilientMic } from '../mic/resilient-mic.ts';
import { now } from '../turn/trace-id.ts';
import { TurnTaker } from '../turn/turn-taker.ts';
import { BACKSTOP_END_OF_TURN_MS, FIXED_END_OF_TURN_MS, loadVad } from './vad-loader.ts';
import { isUnexpectedFailure, offlineFailure, startFailure } from './failure-text.ts';
import { CallUplink } from './call-uplink.ts';
import { RelayLink, type LinkListener } from './relay-link.ts';
import { reportFailure } from './report-failure.ts';
import { textChat } from './text-chat.ts';

interface Call {
  context: AudioContext;
  /** The session's connection (taken over from a typed conversation, or opened for the call). */
  link: RelayLink;
  socket: ResilientConnection;
  ready: ReadyMessage;
  player: AudioPlayer;
  vad: VadHandle;
  /** The microphone, brought back when the phone takes it away. */
  mic: ResilientMic<MicCapture> | null;
  turns: TurnTaker | null;
  /** Extra listeners of captured audio (the echo probe). */
  listeners: Set<(a: CapturedAudio) => void>;
  /** Turns whose first reply audio frame arrived. */
  firstAudio: Set<number>;
  /** Samples the connection's health every second for the debug panel. */
  networkTimer: ReturnType<typeof setInterval>;
  /** Stops the assistant-level meter. */
  stopMeter: () => void;
  /** The microphone's turns on the wire (Opus, its bitrate). */
  uplink: CallUplink;
}

/**
 * The conversation: microphone → VAD → turn-taking → the relay; relay messages → store; reply
 * audio → player. Not React: the UI calls `start`/`stop` and reads the store.
 */
class VoiceController {
  private call: Call | null = null;
  private readonly wakeLock = new ScreenWakeLock();
  private readonly page = new PageWatch({
    back: () => this.call?.socket.reconnectNow(),
    leaving: () => this.stop(),
  });
  /** Capture levels kept for measurements (`?levels=1`), not on every call. */
  private readonly keepLevels = captureLevelsWanted();
  private starting: Promise<void> | null = null;
  private switchedNoticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cancels the wait for a tap that resumes the call's audio. */
  private stopResumeOnTap: (() => void) | null = null;
  private readonly micPermission = new MicPermission();

  constructor() {
    if (typeof navigator !== 'undefined') this.micPermission.watch(navigator.permissions);
  }

  /** Opens the mic and the relay connection. Call from a user gesture (audio unlock). */
  start(): Promise<void> {
    if (this.call || this.starting) return this.starting ?? Promise.resolve();
    // Created synchronously inside the gesture, so mobile browsers let it play.
    const context = new AudioContext({ latencyHint: 'interactive', ...forcedSampleRate() });
    unlockOutput(context);
    const mic = askForMic(this.micPermission.mayPrompt);
    actions.setCall('starting');
    actions.setNotice(null);
    actions.setMicBlocked(null);
    actions.setStartRetry(null);
    this.starting = this.open(context, mic)
      .catch((err: unknown) => this.startFailed(context, err))
      .finally(() => {
        this.starting = null;
        mic.release();
      });
    return this.starting;
  }

  /** Sends a typed message as a turn; false when no call is open. */
  sendText(text: string): boolean {
    const turns = this.call?.turns;
    const trimmed = text.trim();
    if (!turns || trimmed === '') return false;
    turns.typed(trimmed.slice(0, MAX_TYPED_CHARS));
    actions.suggestTyping(false);
    return true;
  }

  /** How soon turns end at a pause, from now on (the user saved their preference). */
  setEagerness(eagerness: Eagerness): void {
    this.call?.turns?.setEagerness(eagerness);
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

  /**
   * While the system holds the call's audio (see waitsForTap), the user's next tap anywhere
   * resumes it, inside that tap: the notice says "Tap to resume", and its button is one place
   * to tap among all.
   */
  private resumeOnTap(wanted: boolean): void {
    if (wanted && !this.stopResumeOnTap)
      this.stopResumeOnTap = onNextGesture(window, () => {
        this.stopResumeOnTap = null;
        this.retryMic();
      });
    else if (!wanted && this.stopResumeOnTap) {
      this.stopResumeOnTap();
      this.stopResumeOnTap = null;
    }
  }

  /** Ends the conversation: releases the mic and closes the connection. */
  stop(): void {
    this.teardown();
    actions.setConnection('idle');
  }

  /** What the call's connection says goes to the call. */
  private readonly listener: LinkListener = {
    onMessage: (m) => this.onMessage(m),
    onAudio: (f) => this.onAudio(f),
    onEnded: (state) => this.onLinkEnded(state),
  };

  private async open(context: AudioContext, asked: GestureMic): Promise<void> {
    actions.newTimeline();
    // A typed conversation going on becomes this call (the same session).
    const typed = await textChat.handOver();
    if (!typed) actions.setConnection('connecting');
    const linking = typed ? Promise.resolve(typed) : RelayLink.open(this.listener);
    const [{ link, ready }, player, vad] = await Promise.all([
      linking,
      createPlayer(context, {
        onFirstSamplePlayed: (turnId, epochMs) => this.onFirstSamplePlayed(turnId, epochMs),
        onDrained: () => this.call?.turns?.drained(),
      }),
      loadVad((e) => this.onVad(e)),
    ]).catch((err: unknown) => {
      void linking.then(
        (opened) => opened.link.close(),
        () => undefined,
      );
      throw err;
    });
    link.listen(this.listener);
    const socket = link.connection;
    // The providers are the link's to keep (every `ready`, every `providers.changed`): a typed
    // conversation handed over has its `ready` from before any change an admin saved since.
    if (!typed) actions.setCost(0, store.getState().userDayCostMicros);
    const uplink = new CallUplink(socket, link, ready);
    const call: Call = {
      context,
      link,
      socket,
      ready,
      uplink,
      player,
      vad,
      mic: null,
      turns: null,
      listeners: new Set(),
      firstAudio: new Set(),
      networkTimer: setInterval(() => {
        const atMs = Date.now();
        actions.recordNetwork({
          atMs,
          unackedChunks: socket.unackedChunks,
          bufferedBytes: socket.bufferedBytes,
          reconnects: socket.reconnects,
          resumes: socket.resumes,
          audio: { ...uplink.sample(atMs), ...captureRates(call.mic?.current ?? null) },
        });
      }, 1000),
      stopMeter: startAssistantMeter(context, player.output),
    };
    this.call = call;
    vad.reset();
    const mic = new ResilientMic<MicCapture>({
      open: (onAudio, deviceId) => {
        const stream = asked.takeFor(deviceId);
        return startCapture(context, {
          ...processingOptions(),
          onAudio,
          ...(deviceId === undefined ? {} : { deviceId }),
          ...(stream ? { stream } : {}),
        });
      },
      preferredInput: controls.preferredInput,
      context,
      devices: navigator.mediaDevices,
      visible: () => document.visibilityState === 'visible',
      watchPage: watchPageVisibility,
      nextStreamSample: () => call.turns?.streamEndSample ?? 0,
      events: {
        onAudio: (a) => this.onCaptured(a),
        onPaused: () => this.onMicPaused(call),
        // Turn-taking starts afresh on the new audio (the VAD state was dropped at the pause).
        onResumed: () => call.vad.reset(),
        onState: (state) => {
          actions.setMic(state);
          this.resumeOnTap(waitsForTap(state));
        },
        onSwitched: (label) => this.announceSwitch(label),
        onCapture: (capture) => {
          this.expose(call);
          controls.captureOpened(capture.track);
        },
        onHeldAudio: (a) => actions.setMicLevel(rms(a.samples)),
      },
    });
    call.mic = mic;
    const forced = forcedDuplex();
    const endOfTurn = endOfTurnRule();
    // Under the policy the VAD's own end of speech is only a backstop past the longest wait.
    vad.setOptions({
      redemptionMs: endOfTurn === 'fixed' ? FIXED_END_OF_TURN_MS : BACKSTOP_END_OF_TURN_MS,
    });
    // Before the microphone opens: every captured block must reach the chunker.
    call.turns = new TurnTaker({
      events: turnTakerToStore,
      send: (m) => uplink.send(m),
      sendChunk: (chunk, turnId, ts) => uplink.sendChunk(chunk, turnId, ts),
      player,
      epochMsOf: (sample) => mic.epochMsOf(sample),
      outputRateHz: ready.outputSampleRateHz,
      // Half duplex until the echo check says the reply cannot be heard by the mic.
      duplex: forced ?? 'half',
      firstTurnId: nextTurnId(),
      endSpeech: () => vad.endSegment(),
      eagerness: ready.eagerness,
      endOfTurnRule: endOfTurn,
      vadThresholds: {
        positive: vad.settings.positiveSpeechThreshold,
        negative: vad.settings.negativeSpeechThreshold,
      },
    });
    controls.attach({ mic, turns: call.turns, context, devices: navigator.mediaDevices });
    await mic.start();
    this.page.start();
    this.wakeLock.start();
    actions.setCall('listening');
    if (forced) actions.setDuplex(forced);
    else
      void measureDuplex(context, call.listeners).then((duplex) => {
        call.turns?.setDuplex(duplex);
        actions.setDuplex(duplex);
      });
  }

  /**
   * The call could not start. A microphone that would not open leaves the session open for
   * typing (its notice says how to allow it); anything else is told the one way it is told.
   */
  private startFailed(context: AudioContext, err: unknown): void {
    const failure = startFailure(err);
    if (isUnexpectedFailure(err)) reportCallFailure(err, 'call failed to start');
    const call = this.call;
    const keep = failure.kind === 'mic' && call !== null;
    void context.close();
    this.teardown(keep);
    if (keep) textChat.adopt(call.link, call.ready);
    else if (!(err instanceof ConnectError))
      // The connection was fine (or never tried): nothing is connected now.
      actions.setConnection('idle');
    reportFailure(failure, 'call');
  }

  /** The connection ended for good during the call: the call ends, and the page says why. */
  private onLinkEnded(state: OfflineState): void {
    if (!this.call) return;
    this.teardown();
    reportFailure(offlineFailure(state), 'call');
  }

  private onCaptured(a: CapturedAudio): void {
    const call = this.call;
    if (!call) return;
    const level = rms(a.samples);
    actions.setMicLevel(level);
    if (this.keepLevels) recordCaptureBlock(a.firstSample, a.capturedAtMs, level, a.samples);
    call.turns?.captured(a.samples, a.firstSample, 20 * Math.log10(level));
    call.vad.push(a.samples, a.firstSample);
    for (const listener of call.listeners) listener(a);
  }

  private onVad(e: VadEvent): void {
    this.call?.turns?.vad(e);
  }

  /**
   * The microphone stopped (see ResilientMic): what the user was saying is ended or dropped,
   * the VAD forgets the segment; the call and its connection go on.
   */
  private onMicPaused(call: Call): void {
    call.vad.reset();
    call.turns?.micPaused();
    actions.setMicLevel(0);
  }

  /** Another input took over: say which, for a few seconds. */
  private announceSwitch(label: string): void {
    clearTimeout(this.switchedNoticeTimer);
    actions.setMicSwitchedTo(label || 'the default microphone');
    this.switchedNoticeTimer = setTimeout(() => actions.setMicSwitchedTo(null), 5000);
  }

  private expose(call: Call): void {
    exposeDebug({
      context: call.context,
      player: call.player,
      capture: call.mic?.current ?? null,
      vad: call.vad,
      ready: call.ready,
      connection: call.socket,
      turns: call.turns,
    });
  }

  private onMessage(m: ServerMessage): void {
    actions.serverMessage(m);
    if (m.type === 'transcript.partial') this.call?.turns?.words(m.turnId, m);
    if (m.type !== 'turn.done') return;
    this.call?.player.endTurn(m.turnId);
    this.call?.turns?.turnDone(m.turnId, m.audioSamples > 0);
  }

  private onAudio(frame: AudioFrame): void {
    const call = this.call;
    if (!call?.turns?.replyAudio(frame.turnId)) return;
    if (!call.firstAudio.has(frame.turnId)) {
      call.firstAudio.add(frame.turnId);
      actions.trace(frame.turnId, {
        client: { firstAudioReceivedAtMs: now() },
      });
    }
    call.player.enqueue(frame.turnId, frame.samples, call.ready.outputSampleRateHz);
  }

  private onFirstSamplePlayed(turnId: number, epochMs: number): void {
    const call = this.call;
    if (!call) return;
    call.socket.send({ type: 'playback.started', turnId, playedAtMs: epochMs });
    actions.trace(turnId, { client: { firstSamplePlayedAtMs: epochMs } });
    const end = call.turns?.speechEndAtMs.get(turnId);
    actions.recordFigures(
      turnId,
      end === undefined ? {} : { voiceToVoiceMs: Math.round(epochMs - end) },
    );
  }

  /** Ends the call; `keepLink`: its connection is handed on (not closed). */
  private teardown(keepLink = false): void {
    const call = this.call;
    this.call = null;
    this.page.stop();
    this.wakeLock.stop();
    controls.detach();
    this.resumeOnTap(false);
    if (call) {
      clearInterval(call.networkTimer);
      call.stopMeter();
      call.turns?.dispose();
      call.uplink.dispose();
      call.mic?.stop();
      if (!keepLink) call.link.close();
      call.player.dispose();
      call.vad.reset();
      void call.context.close();
    }
    clearTimeout(this.switchedNoticeTimer);
    actions.setMicSwitchedTo(null);
    actions.setMic(null);
    actions.setCall('idle');
    actions.setMicLevel(0);
  }
}

/**
 * The microphone for a call, asked for inside the tap that starts it (see GestureMic) when
 * asking may prompt, with what the call's first opening asks for: the chosen input, the
 * processing options. Already allowed, it is opened when the call can listen, as before: no
 * audio is captured before anything could hear it.
 */
function askForMic(mayPrompt: boolean): GestureMic {
  const deviceId = inputToOpen(controls.preferredInput, null);
  const options = { ...processingOptions(), ...(deviceId === undefined ? {} : { deviceId }) };
  // Undefined where the page may not use the microphone (an insecure origin).
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  return new GestureMic(mayPrompt ? devices : undefined, captureConstraints(options), deviceId);
}

/** The rates the microphone runs at, for the latency panel (none while it is away). */
function captureRates(
  capture: MicCapture | null,
): Pick<AudioLine, 'captureRateHz' | 'deviceRateHz'> {
  if (!capture) return {};
  const device = capture.track.getSettings().sampleRate;
  return {
    captureRateHz: capture.contextRateHz,
    ...(typeof device === 'number' ? { deviceRateHz: device } : {}),
  };
}

export const voice = new VoiceController();

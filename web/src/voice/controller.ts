import {
  Chunker,
  ResilientConnection,
  UtteranceGate,
  rms,
  type AudioFrame,
  type ConnectionState,
  type GateAction,
  type ReadyMessage,
  type ServerMessage,
} from '@parley/shared';
import { startCapture, type CapturedAudio, type MicCapture } from '../audio/capture.ts';
import { createPlayer, type AudioPlayer } from '../audio/player.ts';
import type { VadEvent, VoiceActivityDetector } from '../audio/vad.ts';
import { ApiError, requestTicket } from '../net/api.ts';
import { relayWebSocketUrl } from '../net/relay-url.ts';
import { actions, store } from '../state/store.ts';
import { exposeDebug, recordCaptureBlock } from './debug-hooks.ts';
import { loadVad } from './vad-loader.ts';

/** Audio sent from before the VAD's speech start, so the first syllable is not clipped (ms). */
const PRE_SPEECH_PAD_MS = 400;
/** Silence kept after the last speech frame of an utterance (200 ms at 16 kHz). */
const TRAILING_SILENCE_SAMPLES = 3_200;

const now = () => performance.timeOrigin + performance.now();

interface Call {
  context: AudioContext;
  socket: ResilientConnection;
  ready: ReadyMessage;
  player: AudioPlayer;
  vad: VoiceActivityDetector;
  capture: MicCapture | null;
  chunker: Chunker;
  gate: UtteranceGate;
  /** Epoch ms of the last speech sample of each utterance, for voice-to-voice. */
  speechEndAtMs: Map<number, number>;
  /** VAD segments that started while the reply was playing (ignored: half-duplex). */
  ignoringSegment: boolean;
}

/**
 * The conversation: microphone → VAD → 100 ms chunks over the socket; relay messages → store;
 * reply audio → player. Not React: the UI calls `start`/`stop` and reads the store.
 */
class VoiceController {
  private call: Call | null = null;
  private starting: Promise<void> | null = null;

  /** Opens the mic and the relay connection. Call from a user gesture (audio unlock). */
  start(): Promise<void> {
    if (this.call || this.starting) return this.starting ?? Promise.resolve();
    // Created synchronously inside the gesture, so mobile browsers let it play.
    const context = new AudioContext({ latencyHint: 'interactive' });
    void context.resume();
    actions.setCall('starting');
    actions.setNotice(null);
    this.starting = this.open(context)
      .catch((err: unknown) => {
        void context.close();
        this.teardown();
        actions.setConnection('offline', null);
        actions.setNotice(errorText(err));
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  /** Ends the conversation: releases the mic and closes the connection. */
  stop(): void {
    this.teardown();
    actions.setConnection('idle');
  }

  private async open(context: AudioContext): Promise<void> {
    actions.setConnection('connecting');
    const socket = new ResilientConnection({
      url: relayWebSocketUrl(),
      getTicket: () => requestTicket().then((t) => t.ticket),
      hello: {
        outputSampleRateHz: context.sampleRate,
        client: { name: 'parley-web', version: '0.1.0' },
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
      openSocket: (url) => new WebSocket(url),
      visible: () => document.visibilityState === 'visible',
      events: {
        onMessage: (m) => this.onMessage(m),
        onAudio: (f) => this.onAudio(f),
        onState: (state) => this.onConnectionState(state),
        onRoundTrip: (rt) => actions.recordRoundTrip(rt),
      },
    });
    const [ready, player, vad] = await Promise.all([
      socket.start(),
      createPlayer(context, {
        onFirstSamplePlayed: (turnId, epochMs) => this.onFirstSamplePlayed(turnId, epochMs),
        onDrained: () => {
          if (store.getState().call === 'speaking') actions.setCall('listening');
        },
      }),
      loadVad((e) => this.onVad(e)),
    ]).catch((err: unknown) => {
      socket.close();
      throw err;
    });
    actions.setProviders(ready.providers);
    actions.setCost(0, store.getState().userDayCostMicros);
    const call: Call = {
      context,
      socket,
      ready,
      player,
      vad,
      capture: null,
      chunker: new Chunker(),
      gate: new UtteranceGate({ preSpeechPadMs: PRE_SPEECH_PAD_MS, firstTurnId: nextTurnId() }),
      speechEndAtMs: new Map(),
      ignoringSegment: false,
    };
    this.call = call;
    vad.reset();
    call.capture = await startCapture(context, {
      onAudio: (a) => this.onCaptured(a),
      onEnded: () => {
        this.teardown();
        actions.setNotice(
          'The microphone stopped (unplugged or taken by another app). Press Talk to start again.',
        );
      },
    });
    exposeDebug({ player, capture: call.capture, vad, ready, connection: socket });
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    actions.setCall('listening');
  }

  /** Back online or visible again: do not wait for the backoff timer. */
  private readonly wake = () => {
    if (navigator.onLine && document.visibilityState === 'visible')
      this.call?.socket.reconnectNow();
  };

  private onConnectionState(state: ConnectionState): void {
    switch (state.kind) {
      case 'connecting':
        if (store.getState().connection !== 'reconnecting') actions.setConnection('connecting');
        return;
      case 'connected':
        actions.setConnection('connected');
        if (state.resumed) actions.setNotice(null);
        return;
      case 'reconnecting':
        actions.setConnection(
          'reconnecting',
          `attempt ${state.attempt}, next in ${(state.nextInMs / 1000).toFixed(1)} s`,
        );
        return;
      case 'offline':
        // The relay refused for good (or we gave up): end the call and say why.
        if (this.call) {
          this.teardown();
          actions.setNotice(state.reason);
        }
        actions.setConnection('offline', null);
        return;
    }
  }

  private onCaptured(a: CapturedAudio): void {
    const call = this.call;
    if (!call) return;
    const level = rms(a.samples);
    actions.setMicLevel(level);
    recordCaptureBlock(a.firstSample, a.capturedAtMs, level);
    for (const chunk of call.chunker.push(a.samples)) this.run(call.gate.chunk(chunk));
    call.vad.push(a.samples, a.firstSample);
  }

  private onVad(e: VadEvent): void {
    const call = this.call;
    if (!call?.capture) return;
    switch (e.type) {
      case 'speechStart':
        // Half-duplex until barge-in lands: the reply's own sound must not start a turn.
        if (call.player.isPlaying) {
          call.ignoringSegment = true;
          return;
        }
        call.ignoringSegment = false;
        this.run(
          call.gate.speechStart(e.startSample),
          call.capture.timeline.epochMsOf(e.startSample),
        );
        return;
      case 'misfire':
        if (!call.ignoringSegment) this.run(call.gate.misfire());
        return;
      case 'speechEnd': {
        if (call.ignoringSegment) return;
        const turnId = call.gate.activeTurnId;
        if (turnId !== null)
          call.speechEndAtMs.set(turnId, call.capture.timeline.epochMsOf(e.endSample));
        // The recogniser needs only a little silence after the last word, and the chunks holding
        // it were sent during the VAD's redemption time: end now rather than at the next chunk.
        this.run(
          call.gate.speechEnd(Math.min(e.decidedAtSample, e.endSample + TRAILING_SILENCE_SAMPLES)),
        );
        return;
      }
      case 'speechRealStart':
      case 'frame':
        return;
    }
  }

  /** Carries out what the utterance gate decided. */
  private run(list: GateAction[], speechStartAtMs = now()): void {
    const call = this.call;
    if (!call?.capture) return;
    const { socket, capture } = call;
    for (const a of list) {
      switch (a.type) {
        case 'start':
          socket.send({
            type: 'utterance.start',
            turnId: a.turnId,
            firstSeq: a.firstSeq,
            speechStartAtMs,
          });
          actions.upsertEntry('user', a.turnId, (e) => ({ ...e, text: '', final: false }));
          actions.setCall('user-speaking');
          break;
        case 'audio':
          socket.sendChunk(a.chunk, a.turnId, capture.timeline.epochMsOf(a.chunk.firstSample));
          break;
        case 'end': {
          const sentAtMs = now();
          const speechEndAtMs = call.speechEndAtMs.get(a.turnId) ?? sentAtMs;
          socket.send({
            type: 'utterance.end',
            turnId: a.turnId,
            lastSeq: a.lastSeq,
            speechEndAtMs,
            sentAtMs,
          });
          actions.setCall('thinking');
          break;
        }
        case 'cancel':
          socket.send({ type: 'utterance.cancel', turnId: a.turnId, reason: 'misfire' });
          actions.removeEntry('user', a.turnId);
          actions.setCall('listening');
          break;
      }
    }
  }

  private onMessage(m: ServerMessage): void {
    const call = this.call;
    switch (m.type) {
      case 'transcript.final':
        if (m.text)
          actions.upsertEntry('user', m.turnId, (e) => ({ ...e, text: m.text, final: true }));
        else actions.removeEntry('user', m.turnId);
        return;
      case 'transcript.partial':
        actions.upsertEntry('user', m.turnId, (e) => ({ ...e, text: m.text }));
        return;
      case 'reply.delta':
        actions.upsertEntry('assistant', m.turnId, (e) => ({ ...e, text: e.text + m.text }));
        return;
      case 'turn.done':
        call?.player.endTurn(m.turnId);
        actions.recordFigures(m.turnId, { relay: m.timings });
        if (m.status === 'empty') {
          actions.removeEntry('user', m.turnId);
          if (store.getState().call === 'thinking') actions.setCall('listening');
          return;
        }
        if (m.reply || m.status !== 'completed') {
          const status =
            m.status === 'cancelled' ? 'cancelled' : m.status === 'failed' ? 'failed' : 'completed';
          actions.upsertEntry('assistant', m.turnId, (e) => ({
            ...e,
            text: m.reply || e.text,
            final: true,
            status,
          }));
        }
        if (!call?.player.isPlaying && store.getState().call === 'thinking')
          actions.setCall('listening');
        return;
      case 'error':
        actions.setNotice(m.message);
        return;
      case 'cost':
        actions.setCost(m.sessionMicros, m.userDayMicros);
        if (m.turnId !== undefined) actions.recordFigures(m.turnId, { costMicros: m.turnMicros });
        return;
      case 'budget.warning':
      case 'session.warning':
        actions.setNotice(m.message);
        return;
      case 'reply.segment':
      case 'pong':
      case 'ready':
        return;
    }
  }

  private onAudio(frame: AudioFrame): void {
    const call = this.call;
    if (!call) return;
    call.player.enqueue(frame.turnId, frame.samples, call.ready.outputSampleRateHz);
    if (store.getState().call !== 'user-speaking') actions.setCall('speaking');
  }

  private onFirstSamplePlayed(turnId: number, epochMs: number): void {
    const call = this.call;
    if (!call) return;
    call.socket.send({ type: 'playback.started', turnId, playedAtMs: epochMs });
    const end = call.speechEndAtMs.get(turnId);
    actions.recordFigures(
      turnId,
      end === undefined ? {} : { voiceToVoiceMs: Math.round(epochMs - end) },
    );
  }

  private teardown(): void {
    const call = this.call;
    this.call = null;
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    if (call) {
      call.capture?.stop();
      call.socket.close();
      call.player.dispose();
      call.vad.reset();
      void call.context.close();
    }
    actions.setCall('idle');
    actions.setMicLevel(0);
  }
}

/** Turn ids keep increasing across calls in this page, so transcript keys never collide. */
function nextTurnId(): number {
  const last = store.getState().entries.at(-1)?.turnId ?? 0;
  return last + 1;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) {
    actions.setNeedsToken(true);
    return 'This relay needs you to sign in: paste your access token below, then press Talk.';
  }
  if (err instanceof DOMException && err.name === 'NotAllowedError')
    return 'Microphone access was denied. Allow the microphone for this site and press Talk again.';
  if (err instanceof DOMException && err.name === 'NotFoundError')
    return 'No microphone was found. Plug one in and press Talk again.';
  return err instanceof Error ? err.message : String(err);
}

export const voice = new VoiceController();

import { Resampler, pcm16ToFloat } from '@parley/shared';
import { ContextClock } from './context-clock.ts';
import { observeContextClock } from './context-timing.ts';
import playbackWorkletUrl from './playback-worklet.ts?worker&url';
import { RequestWaiters } from './request-waiters.ts';
import { playedSamplesAtRate, type TurnPlayback } from './turn-playback.ts';
import { addWorkletModule } from './worklet-loader.ts';
import {
  PLAYBACK_PROCESSOR,
  type MainToPlayback,
  type PlaybackProcessorOptions,
  type PlaybackToMain,
} from './worklet-messages.ts';

export type { TurnPlayback } from './turn-playback.ts';

/**
 * Main-thread side of reply playback. Reply audio arrives as PCM16 chunks; each chunk is posted to
 * the playback worklet as soon as it arrives (playback starts with the first chunk). The worklet
 * reports what it really renders; those counts are kept here in plain fields.
 *
 * Barge-in: `pause()` fades the reply out (5 ms) and holds the rest; `resume()` continues it where
 * the fade ended (misfire); `stop()` drops it (real speech). Both promises resolve when the worklet
 * confirms, with `playedSamples(turnId)` exact at that moment (the fade counts as played).
 */

export interface PlayerConfig {
  /** Called once per turn, when its first sample is played. `epochMs` is when it is heard. */
  onFirstSamplePlayed?: (turnId: number, epochMs: number) => void;
  /** Called when everything queued has played; `turnId` is the last turn played. */
  onDrained?: (turnId: number) => void;
  /** Where to play (default `context.destination`). */
  destination?: AudioNode;
  /** Interval of the worklet's counter reports (ms). Default 50. */
  statsIntervalMs?: number;
  /** Fade-out applied by `stop` (ms). Default 5. */
  stopRampMs?: number;
  /** Fade-out applied by `pause` (ms). Default 5. */
  pauseRampMs?: number;
  /** Fade-in applied by `resume` (ms). Default: `pauseRampMs`. */
  resumeRampMs?: number;
}

const MAX_TURNS = 64;

export class AudioPlayer {
  /** Rate the worklet plays at: the context's (Hz). */
  readonly sampleRateHz: number;
  /** Per-turn state, oldest first (at most 64 turns kept). */
  readonly turns = new Map<number, TurnPlayback>();
  readonly clock: ContextClock;
  /** Chunks ignored because their turn had been stopped. */
  droppedAfterStop = 0;
  /**
   * Epoch ms at which output last went silent because a pause or stop cut audible audio (the end
   * of its fade, as heard: via the ContextClock, like `firstPlayedAtMs`). Undefined until then;
   * unchanged by a pause or stop that found the output already silent.
   */
  lastSilencedAtMs: number | undefined = undefined;

  private readonly resamplers = new Map<number, { rateHz: number; resampler: Resampler }>();
  private nextBufferId = 0;
  private settledBufferId = -1;
  private disposed = false;
  /** `none` → `pausing` (pause sent) → `paused` (worklet confirmed); back to `none` on resume/stop. */
  private pauseState: 'none' | 'pausing' | 'paused' = 'none';
  /** Ids of pause / stop / clear requests, one increasing sequence. */
  private lastRequestId = 0;
  private lastPauseRequestId = 0;
  private readonly pauseWaiters = new RequestWaiters();
  private readonly stopWaiters = new RequestWaiters();

  private constructor(
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    private readonly config: PlayerConfig,
  ) {
    this.sampleRateHz = context.sampleRate;
    this.clock = new ContextClock({ timeOriginMs: performance.timeOrigin });
    node.port.onmessage = (event: MessageEvent<PlaybackToMain>) => this.onMessage(event.data);
  }

  /** Loads the playback worklet into `context` and connects a player to its destination. */
  static async create(context: AudioContext, config: PlayerConfig = {}): Promise<AudioPlayer> {
    await addWorkletModule(context, playbackWorkletUrl);
    const processorOptions: PlaybackProcessorOptions = {
      ...(config.statsIntervalMs === undefined ? {} : { statsIntervalMs: config.statsIntervalMs }),
      ...(config.stopRampMs === undefined ? {} : { stopRampMs: config.stopRampMs }),
      ...(config.pauseRampMs === undefined ? {} : { pauseRampMs: config.pauseRampMs }),
      ...(config.resumeRampMs === undefined ? {} : { resumeRampMs: config.resumeRampMs }),
    };
    const node = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions,
    });
    node.connect(config.destination ?? context.destination);
    return new AudioPlayer(context, node, config);
  }

  /** The node the reply audio leaves by, for a meter to listen to (it plays on regardless). */
  get output(): AudioNode {
    return this.node;
  }

  /** Whether audio is queued or playing in the worklet, and the player is not paused. */
  get isPlaying(): boolean {
    return !this.isPaused && this.nextBufferId - 1 > this.settledBufferId;
  }

  /** Whether `pause()` was called and neither `resume()` nor `stop()` / `clear()` since. */
  get isPaused(): boolean {
    return this.pauseState !== 'none';
  }

  /**
   * Queues a chunk of a turn's reply: PCM16 mono at `sampleRateHz` (resampled to the context rate
   * if different). Playback starts with the first chunk. Ignored for a stopped turn.
   */
  enqueue(turnId: number, pcm: Int16Array, sampleRateHz: number): void {
    if (this.disposed) return;
    const turn = this.turn(turnId);
    if (turn.stopped) {
      this.droppedAfterStop++;
      return;
    }
    turn.sourceRateHz = sampleRateHz;
    turn.sourceSamples += pcm.length;
    let samples: Float32Array = pcm16ToFloat(pcm);
    if (sampleRateHz !== this.sampleRateHz) {
      samples = this.resamplerFor(turnId, sampleRateHz).process(samples);
    }
    this.post(turn, samples);
  }

  /** Marks the end of a turn's audio (flushing the resampler's tail, if one was used). */
  endTurn(turnId: number): void {
    const turn = this.turn(turnId);
    const r = this.resamplers.get(turnId);
    if (r !== undefined && !turn.stopped) this.post(turn, r.resampler.flush());
    this.resamplers.delete(turnId);
    turn.ended = true;
  }

  /**
   * Fades out (`pauseRampMs`, default 5 ms) and holds the rest of the queue; audio enqueued while
   * paused keeps queueing. Resolves when the worklet reports the output silent, with the turns'
   * `playedSamples` exact (the fade counts as played) and `lastSilencedAtMs` set if audio was cut.
   * Resolves promptly when nothing is playing; also resolves if `resume()`, `stop()` or `clear()`
   * supersedes the pause before it takes effect.
   */
  pause(): Promise<void> {
    if (this.disposed || this.pauseState === 'paused') return Promise.resolve();
    if (this.pauseState === 'none') {
      this.pauseState = 'pausing';
      this.lastPauseRequestId = ++this.lastRequestId;
      this.send({ type: 'pause', requestId: this.lastPauseRequestId });
    }
    return this.pauseWaiters.wait(this.lastPauseRequestId);
  }

  /**
   * Continues a pause from where its fade ended, fading in (`resumeRampMs`): nothing is lost or
   * repeated. No-op when not paused.
   */
  resume(): void {
    if (this.disposed || this.pauseState === 'none') return;
    this.pauseState = 'none';
    this.pauseWaiters.resolveAll();
    this.send({ type: 'resume' });
  }

  /**
   * Fades out (`stopRampMs`, default 5 ms) whatever is playing and drops everything queued (at
   * once when paused); audio arriving later for the turns cut here is ignored (barge-in). Audio of
   * a new turn plays normally. Ends a pause. Resolves when the worklet reports the stop done:
   * `playedSamples` of the cut turns are then exact and final. Callers that do not need that may
   * ignore the promise (`void player.stop()`).
   */
  stop(): Promise<void> {
    return this.cut('stop');
  }

  /** Like `stop`, without the fade. */
  clear(): void {
    void this.cut('clear');
  }

  /**
   * Samples of `turnId` rendered so far, at the context rate (`sampleRateHz`); 0 when unknown.
   * Exact once a `pause()` or `stop()` promise has resolved (≤ ~50 ms behind while playing).
   */
  playedSamples(turnId: number): number {
    return this.turns.get(turnId)?.playedSamples ?? 0;
  }

  /**
   * `playedSamples(turnId)` converted to `sampleRateHz` (e.g. the rate the relay sent the turn's
   * PCM at): context sample n of a resampled turn sits at source position n · rate / contextRate.
   * A turn played to its end gives exactly the PCM sample count enqueued at that rate.
   */
  playedSamplesAt(turnId: number, sampleRateHz: number): number {
    const turn = this.turns.get(turnId);
    return turn === undefined ? 0 : playedSamplesAtRate(turn, this.sampleRateHz, sampleRateHz);
  }

  /** Epoch ms at which a pause or stop last silenced `turnId`; undefined if none did. */
  silencedAtMs(turnId: number): number | undefined {
    return this.turns.get(turnId)?.silencedAtMs;
  }

  /** Non-silent samples (|x| > 1e-4) of `turnId` rendered so far. */
  nonSilentSamples(turnId: number): number {
    return this.turns.get(turnId)?.nonSilentSamples ?? 0;
  }

  /** Epoch ms at which the first sample of `turnId` was heard; undefined if not yet. */
  firstSamplePlayedAtMs(turnId: number): number | undefined {
    return this.turns.get(turnId)?.firstPlayedAtMs;
  }

  /** Disconnects the node and lets the worklet processor end. */
  dispose(): void {
    if (this.disposed) return;
    this.send({ type: 'dispose' });
    this.disposed = true;
    this.node.disconnect();
    this.pauseWaiters.resolveAll();
    this.stopWaiters.resolveAll();
  }

  private post(turn: TurnPlayback, samples: Float32Array): void {
    if (samples.length === 0) return;
    // Transfer needs a buffer of exactly these samples.
    const owned =
      samples.byteOffset === 0 &&
      samples.byteLength === samples.buffer.byteLength &&
      samples.buffer instanceof ArrayBuffer
        ? new Float32Array(samples.buffer)
        : samples.slice();
    const message: MainToPlayback = {
      type: 'enqueue',
      bufferId: this.nextBufferId++,
      turnId: turn.turnId,
      samples: owned,
      startSample: turn.enqueuedSamples,
    };
    turn.enqueuedSamples += samples.length;
    this.node.port.postMessage(message, [owned.buffer]);
  }

  private send(message: MainToPlayback): void {
    if (!this.disposed) this.node.port.postMessage(message);
  }

  private cut(type: 'stop' | 'clear'): Promise<void> {
    this.cutTurns();
    this.pauseState = 'none';
    if (this.disposed) return Promise.resolve();
    const requestId = ++this.lastRequestId;
    this.send({ type, requestId });
    return this.stopWaiters.wait(requestId);
  }

  /** Records that output went silent at context `frame` because a pause or stop cut `turnId`. */
  private silenced(turnId: number | null, frame: number): void {
    if (turnId === null) return;
    const epochMs = this.clock.outputEpochMs(frame / this.sampleRateHz);
    this.lastSilencedAtMs = epochMs;
    const turn = this.turns.get(turnId);
    if (turn === undefined) return;
    turn.silencedAtMs = epochMs;
    turn.silencedFrame = frame;
  }

  private cutTurns(): void {
    for (const turn of this.turns.values()) {
      if (turn.enqueuedSamples > 0) turn.stopped = true;
    }
    this.resamplers.clear();
  }

  private resamplerFor(turnId: number, rateHz: number): Resampler {
    const existing = this.resamplers.get(turnId);
    if (existing !== undefined && existing.rateHz === rateHz) return existing.resampler;
    const resampler = new Resampler({ inputRateHz: rateHz, outputRateHz: this.sampleRateHz });
    this.resamplers.set(turnId, { rateHz, resampler });
    return resampler;
  }

  private turn(turnId: number): TurnPlayback {
    let turn = this.turns.get(turnId);
    if (turn === undefined) {
      turn = {
        turnId,
        enqueuedSamples: 0,
        playedSamples: 0,
        nonSilentSamples: 0,
        ended: false,
        stopped: false,
        underruns: 0,
        sourceSamples: 0,
      };
      this.turns.set(turnId, turn);
      for (const oldest of this.turns.keys()) {
        if (this.turns.size <= MAX_TURNS) break;
        this.turns.delete(oldest);
      }
    }
    return turn;
  }

  private onMessage(message: PlaybackToMain): void {
    observeContextClock(this.clock, this.context);
    switch (message.type) {
      case 'firstSample': {
        const turn = this.turn(message.turnId);
        const epochMs = this.clock.outputEpochMs(message.contextTimeSec);
        turn.firstPlayedAtMs = epochMs;
        turn.firstPlayedFrame = message.frame;
        this.config.onFirstSamplePlayed?.(message.turnId, epochMs);
        return;
      }
      case 'stats':
        for (const c of message.turns) {
          const turn = this.turns.get(c.turnId);
          if (turn === undefined) continue;
          turn.playedSamples = c.playedSamples;
          turn.nonSilentSamples = c.nonSilentSamples;
        }
        return;
      case 'drained': {
        this.settle(message.lastBufferId);
        const turn = this.turns.get(message.turnId);
        if (turn !== undefined && !turn.ended && !turn.stopped) turn.underruns++;
        // Audio posted since the worklet ran dry is on its way: the reply goes on (a stale
        // "drained" would leave the call's state at listening while that audio plays).
        if (message.lastBufferId < this.nextBufferId - 1) return;
        this.config.onDrained?.(message.turnId);
        return;
      }
      case 'stopped':
        this.settle(message.lastBufferId);
        this.silenced(message.cutTurnId, message.frame);
        this.stopWaiters.resolveUpTo(message.requestId);
        // A stop or clear sent after a pause supersedes it.
        this.pauseWaiters.resolveUpTo(message.requestId - 1);
        return;
      case 'paused':
        this.silenced(message.cutTurnId, message.frame);
        if (this.pauseState === 'pausing' && message.requestId >= this.lastPauseRequestId)
          this.pauseState = 'paused';
        this.pauseWaiters.resolveUpTo(message.requestId);
        return;
      case 'resumed':
        return;
    }
  }

  private settle(bufferId: number): void {
    if (bufferId > this.settledBufferId) this.settledBufferId = bufferId;
  }
}

/** Creates a player on `context`; see {@link AudioPlayer.create}. */
export function createPlayer(
  context: AudioContext,
  config: PlayerConfig = {},
): Promise<AudioPlayer> {
  return AudioPlayer.create(context, config);
}

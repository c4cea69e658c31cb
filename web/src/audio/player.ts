import { Resampler, pcm16ToFloat } from '@parley/shared';
import { ContextClock } from './context-clock.ts';
import { observeContextClock } from './context-timing.ts';
import playbackWorkletUrl from './playback-worklet.ts?worker&url';
import { addWorkletModule } from './worklet-loader.ts';
import {
  PLAYBACK_PROCESSOR,
  type MainToPlayback,
  type PlaybackProcessorOptions,
  type PlaybackToMain,
} from './worklet-messages.ts';

/**
 * Main-thread side of reply playback. Reply audio arrives as PCM16 chunks; each chunk is posted to
 * the playback worklet as soon as it arrives (playback starts with the first chunk). The worklet
 * reports what it really renders; those counts are kept here in plain fields.
 */

/** What the player knows about one turn's reply audio. Plain fields, for tests and debugging. */
export interface TurnPlayback {
  turnId: number;
  /** Samples (at the context rate) handed to the worklet. */
  enqueuedSamples: number;
  /** Samples the worklet rendered (as of its last report, ≤ ~50 ms old while playing). */
  playedSamples: number;
  /** Of those, samples with |x| > 1e-4. */
  nonSilentSamples: number;
  /** Epoch ms at which the turn's first sample reached the output; undefined until then. */
  firstPlayedAtMs?: number;
  /** Context frame at which the turn's first sample was rendered. */
  firstPlayedFrame?: number;
  /** `endTurn` was called: no more audio is expected. */
  ended: boolean;
  /** `stop` or `clear` cut the turn: later audio for it is ignored. */
  stopped: boolean;
  /** Times the queue ran dry before `endTurn` (network or TTS slower than real time). */
  underruns: number;
}

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

  private readonly resamplers = new Map<number, { rateHz: number; resampler: Resampler }>();
  private nextBufferId = 0;
  private settledBufferId = -1;
  private disposed = false;

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

  /** Whether audio is queued or playing in the worklet. */
  get isPlaying(): boolean {
    return this.nextBufferId - 1 > this.settledBufferId;
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
   * Fades out (5 ms) whatever is playing and drops everything queued; audio arriving later for the
   * turns cut here is ignored (barge-in). Audio of a new turn plays normally.
   */
  stop(): void {
    this.cutTurns();
    this.send({ type: 'stop' });
  }

  /** Like `stop`, without the fade. */
  clear(): void {
    this.cutTurns();
    this.send({ type: 'clear' });
  }

  /** Samples of `turnId` rendered so far (0 when unknown). */
  playedSamples(turnId: number): number {
    return this.turns.get(turnId)?.playedSamples ?? 0;
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
        this.config.onDrained?.(message.turnId);
        return;
      }
      case 'stopped':
        this.settle(message.lastBufferId);
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

/**
 * AudioWorklet processor for reply audio: plays queued mono buffers (posted from player.ts as
 * transferred Float32Arrays at the context rate), outputs silence when it has none, and reports
 * what it really rendered: the first sample of each turn, per-turn played / non-silent sample
 * counts about every 50 ms (and exactly at every pause and stop), when the queue runs dry, when a
 * pause takes effect and when a stop's fade-out completes.
 *
 * All logic lives in PlaybackQueue (playback-queue.ts); this file only wires it to the port and
 * the render loop.
 */
import { PlaybackQueue, type PlaybackEvent } from './playback-queue.ts';
import {
  PLAYBACK_PROCESSOR,
  type MainToPlayback,
  type PlaybackProcessorOptions,
} from './worklet-messages.ts';

const DEFAULT_STATS_INTERVAL_MS = 50;
const DEFAULT_STOP_RAMP_MS = 5;
const DEFAULT_PAUSE_RAMP_MS = 5;

class PlaybackProcessor extends AudioWorkletProcessor implements AudioWorkletProcessorImpl {
  private readonly queue: PlaybackQueue;
  private alive = true;

  constructor(options: { processorOptions?: PlaybackProcessorOptions }) {
    super();
    const statsIntervalMs = options.processorOptions?.statsIntervalMs ?? DEFAULT_STATS_INTERVAL_MS;
    const stopRampMs = options.processorOptions?.stopRampMs ?? DEFAULT_STOP_RAMP_MS;
    const pauseRampMs = options.processorOptions?.pauseRampMs ?? DEFAULT_PAUSE_RAMP_MS;
    const resumeRampMs = options.processorOptions?.resumeRampMs ?? pauseRampMs;
    this.queue = new PlaybackQueue({
      sampleRateHz: sampleRate,
      statsIntervalFrames: (statsIntervalMs * sampleRate) / 1000,
      stopRampFrames: (stopRampMs * sampleRate) / 1000,
      pauseRampFrames: (pauseRampMs * sampleRate) / 1000,
      resumeRampFrames: (resumeRampMs * sampleRate) / 1000,
    });
    this.port.onmessage = (event: MessageEvent<MainToPlayback>) => this.onMessage(event.data);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const first = output?.[0];
    if (output === undefined || first === undefined) return this.alive;
    this.post(this.queue.render(first, currentFrame));
    for (let c = 1; c < output.length; c++) output[c]?.set(first);
    return this.alive;
  }

  private onMessage(message: MainToPlayback): void {
    switch (message.type) {
      case 'enqueue':
        this.queue.enqueue(message);
        return;
      case 'stop':
        this.post(this.queue.stop(message.requestId));
        return;
      case 'clear':
        this.post(this.queue.clear(message.requestId));
        return;
      case 'pause':
        this.post(this.queue.pause(message.requestId));
        return;
      case 'resume':
        this.post(this.queue.resume());
        return;
      case 'dispose':
        this.post(this.queue.clear());
        this.alive = false;
        return;
    }
  }

  private post(events: PlaybackEvent[]): void {
    for (const event of events) this.port.postMessage(event);
  }
}

registerProcessor(PLAYBACK_PROCESSOR, PlaybackProcessor);

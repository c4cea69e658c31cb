/**
 * AudioWorklet processor for the microphone. Deliberately thin: it reframes the first input
 * channel into fixed blocks (default 20 ms at the context rate) and transfers each block to the
 * main thread with the context frame of its first sample. Resampling, chunking and VAD happen on
 * the main thread (capture.ts, vad.ts), in plain tested classes.
 *
 * Loaded with `import url from './capture-worklet.ts?worker&url'` (see capture.ts); this file and
 * what it imports are bundled into one self-contained script.
 */
import { Reframer } from './reframer.ts';
import {
  CAPTURE_PROCESSOR,
  type CaptureProcessorOptions,
  type CaptureToMain,
} from './worklet-messages.ts';

const DEFAULT_BLOCK_MS = 20;

class CaptureProcessor extends AudioWorkletProcessor implements AudioWorkletProcessorImpl {
  private readonly reframer: Reframer;
  private running = true;

  constructor(options: { processorOptions?: CaptureProcessorOptions }) {
    super();
    const blockMs = options.processorOptions?.blockMs ?? DEFAULT_BLOCK_MS;
    this.reframer = new Reframer({
      frameSamples: Math.max(1, Math.round((blockMs * sampleRate) / 1000)),
    });
    // The only message is `stop` (see MainToCapture): let the processor be collected.
    this.port.onmessage = () => {
      this.running = false;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (!this.running) return false;
    // No channel means no connected, live input: post nothing rather than invent silence; the
    // next block's firstFrame shows the gap.
    const channel = inputs[0]?.[0];
    if (channel === undefined) return true;
    for (const frame of this.reframer.push(channel, currentFrame)) {
      const message: CaptureToMain = {
        type: 'block',
        samples: frame.samples,
        firstFrame: frame.firstSample,
      };
      this.port.postMessage(message, [frame.samples.buffer]);
    }
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);

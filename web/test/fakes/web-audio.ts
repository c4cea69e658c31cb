import { vi } from 'vitest';

/**
 * Web Audio, faked for a call run in Node: an AudioContext that renders 128-frame quanta in
 * real time through the app's own AudioWorklet processors (capture-worklet.ts,
 * playback-worklet.ts, loaded as a browser loads them: `audioWorklet.addModule(url)`), fed by
 * fake microphones (see media-devices.ts) and played into a speaker that counts what it hears.
 * The worklets' globals (`AudioWorkletProcessor`, `registerProcessor`, `sampleRate`,
 * `currentFrame`) and the `AudioWorkletNode` constructor are installed by
 * {@link installWebAudio} for as long as a test file needs them.
 */

/** One render quantum (frames): Web Audio's. */
const QUANTUM = 128;
/** How often the fake audio thread wakes to render what is due (ms). */
const RENDER_EVERY_MS = 10;

/** What a fake microphone's track gives the graph (see media-devices.ts). */
export interface AudioInput {
  /**
   * The next `frames` samples at `rateHz`: silence while the track is disabled or muted, none
   * (undefined) once it has ended.
   */
  read(frames: number, rateHz: number): Float32Array | undefined;
}

type ProcessorImpl = {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], params: object): boolean;
};
type ProcessorClass = new (options: AudioWorkletNodeOptions) => ProcessorImpl;

/** Processors registered by the worklet modules loaded so far (once per process: modules are cached). */
const processors = new Map<string, ProcessorClass>();
/** The port the processor being constructed takes (a browser hands it over the same way). */
let portForProcessor: MessagePort | null = null;
const scope = globalThis as unknown as { sampleRate: number; currentFrame: number };

class FakeAudioWorkletProcessor {
  readonly port: MessagePort;
  constructor() {
    if (!portForProcessor) throw new Error('a processor is made only by an AudioWorkletNode');
    this.port = portForProcessor;
    portForProcessor = null;
  }
}

/** A node of the fake graph: what it is connected to. */
class FakeNode {
  readonly targets = new Set<FakeNode>();
  constructor(readonly context: FakeAudioContext) {}
  connect<T extends FakeNode>(target: T): T {
    this.targets.add(target);
    return target;
  }
  disconnect(target?: FakeNode): void {
    if (target) this.targets.delete(target);
    else this.targets.clear();
  }
}

/** `createMediaStreamSource(stream)`: the stream's first audio track, into the graph. */
class FakeMediaStreamSource extends FakeNode {
  constructor(
    context: FakeAudioContext,
    private readonly input: AudioInput,
  ) {
    super(context);
  }
  read(frames: number): Float32Array | undefined {
    return this.input.read(frames, this.context.sampleRate);
  }
}

/** `new AudioWorkletNode(context, name, options)`: one of our processors, run each quantum. */
class FakeAudioWorkletNode extends FakeNode {
  readonly port: MessagePort;
  private readonly processor: ProcessorImpl;
  private readonly outputs: number;
  /** The processor asked to be kept (its `process` returned true). */
  alive = true;

  constructor(context: BaseAudioContext, name: string, options: AudioWorkletNodeOptions = {}) {
    const ctx = context as unknown as FakeAudioContext;
    super(ctx);
    const Processor = processors.get(name);
    if (!Processor)
      throw new DOMException(`no processor "${name}" registered`, 'InvalidStateError');
    const channel = new MessageChannel();
    this.port = channel.port1;
    portForProcessor = channel.port2;
    scope.sampleRate = ctx.sampleRate;
    scope.currentFrame = ctx.frame;
    this.processor = new Processor(options);
    this.outputs = options.numberOfOutputs ?? 1;
    ctx.adopt(this);
  }

  /** One quantum: inputs from the sources connected to it; its output, if it has one. */
  render(sources: readonly FakeMediaStreamSource[]): Float32Array | null {
    if (!this.alive) return null;
    const inputs = sources.map((s) => {
      const channel = s.read(QUANTUM);
      return channel ? [channel] : [];
    });
    const output = this.outputs > 0 ? new Float32Array(QUANTUM) : null;
    this.alive = this.processor.process(
      inputs.length > 0 ? inputs : [[]],
      output ? [[output]] : [],
      {},
    );
    return output;
  }

  close(): void {
    this.port.close();
    this.processor.port.close();
  }
}

/** `createAnalyser()`: the latest output of what is connected to it. */
class FakeAnalyser extends FakeNode {
  fftSize = 2048;
  latest: Float32Array = new Float32Array(QUANTUM);
  getFloatTimeDomainData(array: Float32Array): void {
    array.fill(0);
    array.set(this.latest.subarray(0, Math.min(array.length, this.latest.length)));
  }
}

/** `createBufferSource()`: only ever a silent frame, to unlock output (see output-unlock.ts). */
class FakeBufferSource extends FakeNode {
  buffer: unknown = null;
  start(): void {
    // Silent: nothing to render.
  }
}

/** What the context's speaker heard. */
export interface Speaker {
  /** Samples rendered to the destination, and those of them not silent. */
  samples: number;
  audible: number;
}

/**
 * An AudioContext whose audio thread is a timer: while `running`, every quantum due by the wall
 * clock is rendered (captures first, then playback into the speaker). `suspend()` is what the
 * system does when it takes the audio (a phone call).
 */
export class FakeAudioContext extends EventTarget {
  readonly sampleRate: number;
  state: AudioContextState = 'suspended';
  /** Frames rendered so far (`currentFrame` of the worklets). */
  frame = 0;
  readonly baseLatency = 0.01;
  readonly outputLatency = 0.02;
  readonly destination: FakeNode;
  readonly speaker: Speaker = { samples: 0, audible: 0 };
  readonly audioWorklet = {
    addModule: async (url: string): Promise<void> => {
      // The URL Vite gives a `?worker&url` import is the module's path under the root.
      await import(/* @vite-ignore */ url.split('?')[0] ?? url);
    },
  };
  private readonly nodes = new Set<FakeAudioWorkletNode>();
  private readonly sources = new Set<FakeMediaStreamSource>();
  private readonly analysers = new Set<FakeAnalyser>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Wall time (ms) and frame at which rendering last (re)started. */
  private since = { atMs: 0, frame: 0 };
  private renderedAtMs = 0;

  constructor(options: AudioContextOptions = {}) {
    super();
    this.sampleRate = options.sampleRate ?? 48_000;
    this.destination = new FakeNode(this);
  }

  get currentTime(): number {
    return this.frame / this.sampleRate;
  }

  getOutputTimestamp(): AudioTimestamp {
    return { contextTime: this.currentTime, performanceTime: this.renderedAtMs };
  }

  resume(): Promise<void> {
    if (this.state === 'closed')
      return Promise.reject(new DOMException('context closed', 'InvalidStateError'));
    this.setState('running');
    return Promise.resolve();
  }

  suspend(): Promise<void> {
    if (this.state === 'running') this.setState('suspended');
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.state !== 'closed') {
      this.setState('closed');
      for (const node of this.nodes) node.close();
      this.nodes.clear();
    }
    return Promise.resolve();
  }

  createMediaStreamSource(stream: MediaStream): FakeMediaStreamSource {
    const track = stream.getAudioTracks()[0] as unknown as AudioInput | undefined;
    if (!track) throw new DOMException('no audio track', 'InvalidStateError');
    const source = new FakeMediaStreamSource(this, track);
    this.sources.add(source);
    return source;
  }

  createAnalyser(): FakeAnalyser {
    const analyser = new FakeAnalyser(this);
    this.analysers.add(analyser);
    return analyser;
  }

  createBuffer(): object {
    return {};
  }

  createBufferSource(): FakeBufferSource {
    return new FakeBufferSource(this);
  }

  /** A worklet node made on this context. */
  adopt(node: FakeAudioWorkletNode): void {
    this.nodes.add(node);
  }

  private setState(state: AudioContextState): void {
    if (state === this.state) return;
    this.state = state;
    clearInterval(this.timer);
    this.timer = undefined;
    if (state === 'running') {
      this.since = { atMs: performance.now(), frame: this.frame };
      this.timer = setInterval(() => this.renderDue(), RENDER_EVERY_MS);
    }
    this.dispatchEvent(new Event('statechange'));
  }

  private renderDue(): void {
    const due = this.since.frame + ((performance.now() - this.since.atMs) * this.sampleRate) / 1000;
    while (this.frame + QUANTUM <= due && this.state === 'running') this.renderQuantum();
  }

  private renderQuantum(): void {
    this.renderedAtMs = performance.now();
    scope.sampleRate = this.sampleRate;
    scope.currentFrame = this.frame;
    for (const node of this.nodes) {
      const sources = [...this.sources].filter((s) => s.targets.has(node));
      const output = node.render(sources);
      if (!node.alive) {
        // The processor let go (a capture stopped, a player disposed): so does the graph.
        node.close();
        this.nodes.delete(node);
      }
      if (!output) continue;
      for (const analyser of this.analysers)
        if (node.targets.has(analyser)) analyser.latest = output;
      if (!node.targets.has(this.destination)) continue;
      this.speaker.samples += output.length;
      for (const x of output) if (Math.abs(x) > 1e-4) this.speaker.audible++;
    }
    this.frame += QUANTUM;
  }
}

/**
 * Installs the worklets' globals and `AudioWorkletNode` (until `vi.unstubAllGlobals()`), for
 * the app's own capture and playback processors to run in Node.
 */
export function installWebAudio(): void {
  vi.stubGlobal('AudioWorkletProcessor', FakeAudioWorkletProcessor);
  vi.stubGlobal('registerProcessor', (name: string, processor: ProcessorClass) => {
    processors.set(name, processor);
  });
  vi.stubGlobal('AudioWorkletNode', FakeAudioWorkletNode);
  vi.stubGlobal('sampleRate', 48_000);
  vi.stubGlobal('currentFrame', 0);
}

import { SAMPLE_RATE_HZ } from '@parley/shared';
import { ContextClock } from './context-clock.ts';
import { observeContextClock } from './context-timing.ts';
import {
  alignCapture,
  detectEcho,
  probeDurationMs,
  probeSignal,
  type CaptureBlock,
  type EchoDetectorOptions,
  type EchoProbeResult,
  type ProbeSpec,
} from './echo-probe.ts';

/**
 * Echo probe, the browser part: plays the probe where replies play while the microphone capture
 * runs, collects the captured 16 kHz blocks, and lets echo-probe.ts decide. About 0.75 s with the
 * defaults (100 ms lead + 300 ms probe + 300 ms of delay searched + delivery), never more than
 * `timeoutMs`. Not unit-tested (Web Audio); the decision it calls is.
 */

export interface EchoProbeRunOptions {
  /**
   * Subscribes to captured 16 kHz audio — e.g. forward MicCapture's `onAudio` blocks — and returns
   * the unsubscribe function. Blocks must keep MicCapture's `firstSample` / `capturedAtMs`.
   */
  subscribe: (onBlock: (block: CaptureBlock) => void) => () => void;
  /** Where to play the probe. Default `context.destination`, where the reply player plays. */
  destination?: AudioNode;
  /** Peak level of the probe (dBFS). Default −20: about as loud as a reply. */
  levelDb?: number;
  /** Shape of the probe (default 300 ms chirp, 500 → 3,500 Hz). */
  probe?: ProbeSpec;
  /** Search window and thresholds of the decision. */
  detector?: EchoDetectorOptions;
  /** Capture kept before the probe, for the noise floor (ms). Default 100. */
  leadMs?: number;
  /** Decide with what was captured after this long, or fail if that is not enough (ms). Default 1,500. */
  timeoutMs?: number;
}

export interface EchoProbeRun extends EchoProbeResult {
  /** Epoch ms at which the probe's first sample reached the speaker (ContextClock estimate). */
  heardAtMs: number;
  /** Time from the call to the decision (ms). */
  elapsedMs: number;
}

const DEFAULT_MAX_DELAY_MS = 300;

/**
 * Plays the probe on `context` and decides whether it leaked into the capture. The context must be
 * running, and the capture started (on the same context or another). Rejects when the capture
 * delivered too little audio to decide before `timeoutMs`.
 */
export async function runEchoProbe(
  context: AudioContext,
  options: EchoProbeRunOptions,
): Promise<EchoProbeRun> {
  const startedMs = performance.now();
  if (context.state !== 'running') throw new Error(`echo probe: AudioContext is ${context.state}`);
  const spec = options.probe ?? {};
  const level = 10 ** ((options.levelDb ?? -20) / 20);
  const reference = probeSignal(spec, SAMPLE_RATE_HZ).map((v) => v * level);
  const played = probeSignal(spec, context.sampleRate).map((v) => v * level);
  const buffer = new AudioBuffer({
    length: played.length,
    sampleRate: context.sampleRate,
    numberOfChannels: 1,
  });
  buffer.copyToChannel(played, 0);
  const source = new AudioBufferSourceNode(context, { buffer });
  source.connect(options.destination ?? context.destination);

  const blocks: CaptureBlock[] = [];
  let neededUntilMs = Number.POSITIVE_INFINITY;
  let enough = (): void => undefined;
  const covered = new Promise<void>((resolve) => (enough = resolve));
  const unsubscribe = options.subscribe((block) => {
    blocks.push(block);
    const endMs = block.capturedAtMs + (block.samples.length * 1000) / SAMPLE_RATE_HZ;
    if (endMs >= neededUntilMs) enough();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  try {
    const clock = new ContextClock({ timeOriginMs: performance.timeOrigin });
    observeContextClock(clock, context);
    const startAt = context.currentTime + (options.leadMs ?? 100) / 1000;
    source.start(startAt);
    started = true;
    const heardAtMs = clock.outputEpochMs(startAt);
    const maxDelayMs = options.detector?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    neededUntilMs = heardAtMs + probeDurationMs(spec) + maxDelayMs;
    await Promise.race([
      covered,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 1_500))),
    ]);
    const { captured, probeStartIndex } = alignCapture(blocks, heardAtMs, SAMPLE_RATE_HZ);
    let result: EchoProbeResult;
    try {
      result = detectEcho(
        { probe: reference, captured, probeStartIndex, sampleRateHz: SAMPLE_RATE_HZ },
        options.detector,
      );
    } catch (error) {
      throw new Error(
        `echo probe: capture delivered ${blocks.length} blocks, not enough to decide`,
        { cause: error },
      );
    }
    return { ...result, heardAtMs, elapsedMs: performance.now() - startedMs };
  } finally {
    clearTimeout(timer);
    unsubscribe();
    if (started) source.stop();
    source.disconnect();
  }
}

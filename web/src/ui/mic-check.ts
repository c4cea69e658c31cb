import { rms } from '@parley/shared';
import { captureConstraints } from '@parley/client/internal';

/** How often the level is read (ms): twenty a second are plenty for a meter. */
const LEVEL_EVERY_MS = 50;

/**
 * A microphone opened outside a call, only to show its level (the Devices panel's test): the
 * same constraints as a call's capture, read through an AnalyserNode, nothing recorded or sent.
 * Opening it is also what lets the browser name its devices. One at a time: `start` closes the
 * previous one, `stop` closes it.
 */
export class MicCheck {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Bumped by each start and stop: an opening that finishes after a newer one is let go. */
  private generation = 0;

  /** @param onLevel told the input's RMS level (0–1) as it changes, and 0 once stopped */
  constructor(private readonly onLevel: (rms: number) => void) {}

  /**
   * Opens `deviceId` (null: the system default) and starts reporting its level; resolves with
   * the label of the device opened, or null when a newer start or a stop came first. Rejects as
   * getUserMedia does (a `DOMException` naming what was wrong). Call from the user's gesture: the
   * audio context starts there.
   */
  async start(deviceId: string | null): Promise<string | null> {
    this.stop();
    const generation = this.generation;
    const context = new AudioContext();
    this.context = context;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: captureConstraints(deviceId === null ? {} : { deviceId }),
      });
    } catch (err) {
      if (this.context === context) this.stop();
      throw err;
    }
    if (generation !== this.generation) {
      for (const t of stream.getTracks()) t.stop();
      return null;
    }
    this.stream = stream;
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    void context.resume();
    const samples = new Float32Array(analyser.fftSize);
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      this.onLevel(rms(samples));
    }, LEVEL_EVERY_MS);
    return stream.getAudioTracks()[0]?.label ?? '';
  }

  /** Closes the microphone (its light goes off) and reports a level of 0. */
  stop(): void {
    this.generation++;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.onLevel(0);
  }
}

import { scheduleChime, type Tone } from './earcon.ts';
import { playThrough } from './speaker.ts';

/** A voice sample's playback: `play` resolves once it has been heard (or stopped). */
export interface VoiceSample {
  /** Rings `tones` (a chime made here, see earcon.ts) first; resolves once they have faded. */
  chime(tones: readonly Tone[]): Promise<void>;
  /** Decodes the WAV and plays it through; resolves when it ends. */
  play(wav: ArrayBuffer): Promise<void>;
  /** Stops it at once and lets the audio device go. */
  close(): void;
}

/**
 * Plays a voice preview (or a due reminder: a chime, then its words) through the speaker the
 * user chose (null: the system's). Make it inside the user's gesture where there is one (the
 * browser lets a context made there play), before the sample is fetched.
 */
export function voiceSample(speakerDeviceId: string | null): VoiceSample {
  const context = new AudioContext();
  void context.resume();
  const routed = playThrough(context, speakerDeviceId);
  let source: AudioBufferSourceNode | null = null;
  let stopped = false;
  return {
    async chime(tones) {
      await routed;
      if (stopped) return;
      const end = scheduleChime(context, context.destination, tones, context.currentTime + 0.02);
      await new Promise((resolve) => setTimeout(resolve, (end - context.currentTime) * 1000));
    },
    async play(wav) {
      const buffer = await context.decodeAudioData(wav);
      await routed;
      if (stopped) return;
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(context.destination);
      source = node;
      const ended = new Promise<void>((resolve) => node.addEventListener('ended', () => resolve()));
      node.start();
      await ended;
    },
    close() {
      stopped = true;
      try {
        source?.stop();
      } catch {
        // Not started yet, or already over.
      }
      void context.close().catch(() => undefined);
    },
  };
}

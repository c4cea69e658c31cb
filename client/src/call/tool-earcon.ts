import type { ToolProgressMessage } from '@parley/shared';
import { TOOL_EARCON, type Tone } from '../audio/earcon.ts';
import { voiceSample } from '../audio/voice-sample.ts';
import type { LinkSound } from './link-sound.ts';

/** From one earcon to the next while a tool still works (ms): gentle, not a metronome. */
export const EARCON_REPEAT_MS = 2_000;
/**
 * The most an earcon goes on (ms): the turn's tool time is shorter than this, so it only
 * matters if the turn's end never came (a connection lost meanwhile).
 */
export const EARCON_MAX_MS = 30_000;

/** Something that plays earcons while it is open. */
export interface EarconSound {
  play(tones: readonly Tone[]): void;
  close(): void;
}

export interface ToolEarconDeps {
  /** Opens the sound the earcons play through; null: nothing is to be heard (text-only replies). */
  open(): EarconSound | null;
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

/**
 * The soft sound the user hears while a tool of the turn works (`tool.progress` with `earcon`:
 * the relay says nothing meanwhile): played at once, then every {@link EARCON_REPEAT_MS}, until
 * the reply's audio comes, the turn ends, or the user interrupts. One turn at a time.
 */
export class ToolEarcon {
  private ringing: {
    turnId: number;
    sound: EarconSound;
    timer: unknown;
    sinceMs: number;
  } | null = null;

  constructor(private readonly d: ToolEarconDeps) {}

  /** The relay says a tool of the turn runs long. */
  progress(m: Pick<ToolProgressMessage, 'turnId' | 'progress'>): void {
    if (m.progress !== 'earcon') return;
    if (this.ringing?.turnId === m.turnId) return;
    this.stop();
    const sound = this.d.open();
    if (!sound) return;
    sound.play(TOOL_EARCON);
    const sinceMs = this.d.now();
    const timer = this.d.setInterval(() => {
      if (this.d.now() - sinceMs >= EARCON_MAX_MS) this.stop();
      else sound.play(TOOL_EARCON);
    }, EARCON_REPEAT_MS);
    this.ringing = { turnId: m.turnId, sound, timer, sinceMs };
  }

  /** Audio of `turnId`'s reply arrived: it speaks now. */
  replyAudio(turnId: number): void {
    if (this.ringing?.turnId === turnId) this.stop();
  }

  /** `turnId` ended (done, cancelled, failed) or its reply was cut. */
  turnEnded(turnId: number): void {
    if (this.ringing?.turnId === turnId) this.stop();
  }

  /** Silent at once (the user interrupted; the conversation ends). */
  stop(): void {
    const ringing = this.ringing;
    if (!ringing) return;
    this.ringing = null;
    this.d.clearInterval(ringing.timer);
    ringing.sound.close();
  }
}

/**
 * The browser's earcons: through the speaker the user chose, unless replies are text only (a
 * typed conversation with "Speak replies" off).
 */
export function earconSound(sound: LinkSound): () => EarconSound | null {
  return () => {
    if (!sound.speaks()) return null;
    const sample = voiceSample(sound.speakerDeviceId());
    return {
      play: (tones) => void sample.chime(tones),
      close: () => sample.close(),
    };
  };
}

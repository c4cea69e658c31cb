import { audioFrameSamples } from '@parley/shared';
import { RelayError } from '../errors.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import { ReplyFramer } from './reply-framer.ts';

/**
 * Silence between a sentence cut off by a failing voice and the same sentence said again by the
 * next voice (ms): without it the restart runs into the cut-off word and sounds like a glitch;
 * with it, like a speaker who stumbled and starts the sentence over.
 */
export const RESTART_PAUSE_MS = 250;

/**
 * {@link RESTART_PAUSE_MS} of silence at `rateHz`, as reply-audio frames (of whole packets of
 * `packetSamples`, for Opus).
 */
export function restartPause(rateHz: number, packetSamples = 1): Int16Array[] {
  const framer = new ReplyFramer({
    inputRateHz: rateHz,
    outputRateHz: rateHz,
    packetSamples,
    allocate: audioFrameSamples,
  });
  const silence = new Int16Array(Math.round((rateHz * RESTART_PAUSE_MS) / 1000));
  return [...framer.push(silence), ...framer.end()];
}

/** What becomes of a sentence whose voice failed. */
export type VoiceFailureOutcome =
  /** Say the sentence again, from its start, with the next voice (the failed one is avoided). */
  | { kind: 'again' }
  /** No voice is left: the rest of the reply is text only, and `notice` tells the user. */
  | { kind: 'lost'; notice: RelayError };

/**
 * The voice of one turn: which providers broke off in it (not asked again: the next sentences
 * go straight to the next voice), whether any voice is left, and what the user is told.
 *
 * A voice that fails after its first audio of a sentence cannot be hidden, but nothing of the
 * reply needs to be lost: the next voice of the chain says that sentence again from its start,
 * then the rest. Starting it over repeats a few words the user already heard; resuming
 * mid-sentence cannot be done well, because which words the cut audio covered is unknown (the
 * providers send no word timings) and the two voices differ in pace, so a cut by samples or by
 * estimated characters could drop a word or split one between two voices. A repeat after a
 * short pause ({@link RESTART_PAUSE_MS}) is what people do when they stumble.
 *
 * What the user is told, once each per turn: when another voice took over after an audible cut,
 * a note (the turn still completes); when no voice is left, that replies are shown as text.
 * Pure: the turn acts on what it says.
 */
export class TurnVoice {
  private readonly brokeOff = new Set<string>();
  private gone = false;
  /** Why the note is owed (the failure of the voice that broke off audibly). */
  private noteOwed: { cause: unknown } | null = null;
  private noted = false;

  constructor(private readonly turnId: number) {}

  /** Providers not to ask again in this turn. */
  get avoid(): ReadonlySet<string> {
    return this.brokeOff;
  }

  /** No voice is left for the rest of the turn. */
  get lost(): boolean {
    return this.gone;
  }

  /**
   * A sentence's synthesis failed with `err`. `speaker`: the provider that was saying it (null
   * when none started: the whole chain failed before any audio); `heard`: some of its audio
   * went out to the user.
   */
  failed(err: unknown, speaker: string | null, heard: boolean): VoiceFailureOutcome {
    if (!(err instanceof NoProviderError) && speaker !== null && !this.brokeOff.has(speaker)) {
      this.brokeOff.add(speaker);
      if (heard && !this.noted) this.noteOwed = { cause: err };
      return { kind: 'again' };
    }
    this.gone = true;
    this.noteOwed = null;
    return { kind: 'lost', notice: RelayError.stageUnavailable('tts', this.turnId, err) };
  }

  /**
   * Another voice is about to be heard: the note owed for the voice that broke off audibly, if
   * any (once per turn), to send before its audio.
   */
  takeNote(): RelayError | null {
    if (this.noteOwed === null) return null;
    const note = RelayError.voiceReplaced(this.turnId, this.noteOwed.cause);
    this.noteOwed = null;
    this.noted = true;
    return note;
  }
}

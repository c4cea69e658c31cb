import type { Logger } from '../../../log/logger.ts';
import type { ReadProgress } from './read-progress.ts';

/** What a `DecoderProcess` is started with: its decoder, and how it ends and proves utterances. */
export interface DecoderProcessOptions {
  /** `pocketsphinx_continuous` path or name looked up in PATH. */
  binary: string;
  /** Arguments after `-infile /dev/stdin`. */
  args: readonly string[];
  log: Logger;
  /**
   * Digital silence written after an utterance (ms of 16 kHz audio): long enough for the
   * decoder's voice activity detector to end any speech segment in it (see `delimiterMs`).
   */
  delimiterMs: number;
  /** How often the decoder's progress is read while an utterance is ending (ms). Default 5. */
  pollMs?: number;
  /**
   * The decoder takes `-endmark` (`parley-sphinx`): an utterance ends with a secret block of
   * input rather than with silence, and is over when it prints `= end` (see decoder-utterance.ts). Default false.
   */
  endMark?: boolean;
  /**
   * Opens the read count of the decoder process; null makes it a one-utterance decoder.
   * Default {@link ReadProgress.open} (null where `/proc` cannot be read).
   */
  readProgress?: (pid: number) => ReadProgress | null;
}

import type { ProviderInfo } from '@parley/shared';
import type {
  AsrCapabilities,
  AsrCut,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../../stages/asr.ts';

/**
 * One utterance heard by two recognisers, each for what it does best (issue 52): the embedded
 * recogniser (PocketSphinx) listens — its running words, its keyword spotter and its reading of
 * each pause are what the end of the turn and the words over a reply are judged on, as they
 * were tuned — and Moonshine writes: the words the turn answers, stores and shows. Moonshine
 * alone read a pause mid-sentence as a finished one three times as often on the end-of-turn
 * bench's held-out sentences (13 of 40 against 3: "I have a question about" read "… about
 * it", "I left my keys on the" "… on this."), a language model's habit of ending sentences.
 *
 * At a pause both cut. Moonshine's words go to the pause's answer as soon as it has read them
 * (onWritten: it often reads the speech before the pause is told, see MoonshineStream's early
 * reading), so the answer is confirmed, or started again on them, before the listener's final
 * pass is done; the listener's reading is told for the client's end of turn, which waits on it;
 * the snapshot then gives Moonshine's words, settled when both are — the answer started at the
 * pause is on Moonshine's words, so it goes out as the turn ends.
 */
export class ListenedStream implements AsrStream {
  /** Cuts asked: the writer's reading of an older one is not told (see snapshot). */
  private cuts = 0;

  constructor(
    private readonly listener: AsrStream,
    private readonly writer: AsrStream,
    private readonly options: AsrStartOptions,
    private readonly info: ProviderInfo,
  ) {}

  write(samples: Int16Array): void {
    this.listener.write(samples);
    this.writer.write(samples);
  }

  /**
   * Moonshine's words, as soon as it has read them (the listener finishes beside, its decoder
   * freed when it has); the listener's where Moonshine failed (an utterance is not lost to it),
   * billed then to the listener.
   */
  async finish(): Promise<AsrResult> {
    const heard = this.listener.finish();
    heard.catch(() => undefined);
    try {
      return { ...(await this.writer.finish()), provider: this.info };
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      return heard.catch(() =>
        Promise.reject(error instanceof Error ? error : new Error(String(error))),
      );
    }
  }

  abort(): void {
    this.listener.abort();
    this.writer.abort();
  }

  serving(): ProviderInfo {
    return this.info;
  }

  async snapshot(): Promise<AsrResult> {
    const cuts = this.listener.capability?.('cut')?.ready() === true;
    // Moonshine's reading is asked for at once, where the listener cuts: it runs beside the
    // listener's.
    const written = cuts ? this.writer.snapshot?.() : undefined;
    written?.catch(() => undefined);
    // The writer's words go to the pause's answer as soon as they are read: they are the words
    // answered, and the answer's voice need not wait for the listener's reading too.
    const cut = ++this.cuts;
    written?.then(
      (words) => {
        if (cut === this.cuts && words.text.trim() !== '') this.options.onWritten?.(words.text);
      },
      () => undefined,
    );
    const heard = (await this.listener.snapshot?.()) ?? { text: '', audioMs: 0 };
    // No reading of the listener's yet (it fell behind the audio): Moonshine's words must not
    // stand in for it — the end of the turn waits on the listener's, told when it comes.
    if (written === undefined || heard.text.trim() === '') return heard;
    this.options.onPartial?.(heard.text, true, heard.alternatives);
    const words = await written.catch(() => null);
    if (words === null || words.text.trim() === '') return heard;
    return { ...words, settled: heard.settled === true && words.settled === true };
  }

  /** The listener's cut, which the writer writes; the writer's queue (its reading may wait). */
  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    if (name === 'cut') {
      const cut = this.listener.capability?.('cut');
      if (!cut) return null;
      const written: AsrCut = { ready: () => cut.ready(), writes: true };
      return written as AsrCapabilities[K];
    }
    const from = name === 'queue' ? this.writer : this.listener;
    return from.capability?.(name) ?? null;
  }
}

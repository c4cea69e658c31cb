import { floatToPcm16, SAMPLE_RATE_HZ } from '@parley/shared';
import { speechToRead } from '../../relay/src/providers/embedded/moonshine/audio-windows.ts';
import {
  loadMoonshineRuntime,
  MoonshineModel,
} from '../../relay/src/providers/embedded/moonshine/moonshine-model.ts';
import { PocketSphinxAsr } from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx.ts';
import {
  feed,
  keptUtterance,
  open,
} from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx.test-kit.ts';

/** The utterance gate's audio before the speech (speakOverReply's `preSpeechPadMs`). */
const PRE_SPEECH_PAD_MS = 300;
/** A hang guard on the decoder's closed reading, not a timing. */
const READ_TIMEOUT_MS = 60_000;

/**
 * The relay's reading of a whole sound over the reply (over-reply-reading.ts), made again
 * offline for the replay: with the default recognisers, Moonshine's words of the utterance's
 * audio where it reads any, else PocketSphinx's closed reading, and nothing where PocketSphinx
 * read nothing (ListenedStream.snapshot; an empty reading is not sent). Both
 * are functions of the audio (Moonshine reads its speech, see speechToRead; the decoder's
 * reading of a pause does not depend on its timing, issue 61 item 4), so a replay reads what
 * the run's relay would have read — not when: the caller says that.
 */
export class SoundReader {
  private constructor(
    private readonly moonshine: MoonshineModel,
    private readonly listener: PocketSphinxAsr,
  ) {}

  static async open(): Promise<SoundReader> {
    const native = await loadMoonshineRuntime('native');
    const moonshine = await MoonshineModel.load(undefined, native.runtime);
    const listener = new PocketSphinxAsr({ poolSize: 1 });
    await listener.ready();
    return new SoundReader(moonshine, listener);
  }

  /** The words read of `samples` (16 kHz, from the sound's onset) up to `endSample`. */
  async read(samples: Float32Array, endSample: number): Promise<string> {
    const pad = (PRE_SPEECH_PAD_MS * SAMPLE_RATE_HZ) / 1000;
    const audio = new Float32Array(pad + endSample);
    audio.set(samples.subarray(0, endSample), pad);
    const { kept, heard } = keptUtterance();
    const stream = this.listener.start({ ...open(), heard });
    feed(stream, { samples: floatToPcm16(audio), sampleRateHz: SAMPLE_RATE_HZ }, kept);
    const listened = (await stream.snapshot(READ_TIMEOUT_MS)).text.trim();
    await stream.finish().catch(() => undefined);
    // No reading of the listener's: none is sent, Moonshine's words do not stand in for it.
    if (listened === '') return '';
    const speech = speechToRead(audio);
    const written = speech === null ? '' : (await this.moonshine.transcribe(speech)).trim();
    return written === '' ? listened : written;
  }

  close(): Promise<void> {
    return this.listener.close();
  }
}

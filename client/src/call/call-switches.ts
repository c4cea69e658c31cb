import type { ProcessingOptions } from '../audio/capture-constraints.ts';

/**
 * What the page's address asks of a call, for measurements and comparisons (read once by the
 * page, see {@link callSwitches}; a test sets them).
 */
export interface CallSwitches {
  /**
   * `?rate=44100` (8,000–96,000) runs the audio graph at that rate instead of the device's, as
   * phones and Bluetooth headsets do (44.1, 24 or 16 kHz): capture resamples to 16 kHz from it
   * and replies are asked for at it.
   */
  sampleRateHz: number | null;
  /** `?duplex=full|half` forces the mode instead of measuring the echo at the start of a call. */
  duplex: 'full' | 'half' | null;
  /**
   * `?eot=fixed` ends every turn after 500 ms of silence, as before the end-of-turn policy (for
   * measurements that compare them); otherwise (`policy`) the policy decides at each pause.
   */
  endOfTurn: 'policy' | 'fixed';
  /**
   * `?agc=1|0`, `?ns=1|0`, `?ec=1|0`: the browser's automatic gain control, noise suppression
   * and echo cancellation on or off, instead of the defaults (off, off, on: see
   * capture-constraints.ts). The same constraints are used each time the microphone is opened
   * again.
   */
  processing: ProcessingOptions;
  /**
   * `?levels=1` keeps the loudness of every captured block (two minutes' worth) for measuring
   * speech boundaries apart from the VAD (the end-to-end voice-to-voice and barge-in figures).
   */
  keepLevels: boolean;
  /** `?codec=pcm16` sends and receives raw PCM16 instead of Opus (comparisons). */
  pcm16: boolean;
  /**
   * `?decoder=webcodecs` decodes reply Opus with the browser's own decoder (WebCodecs) where it
   * has one, rather than the WebAssembly one (comparisons).
   */
  webCodecsDecoder: boolean;
}

/** The switches a page address's query (`location.search`) sets. */
export function callSwitches(search: string): CallSwitches {
  const query = new URLSearchParams(search);
  const flag = (name: string): boolean | undefined => {
    const v = query.get(name);
    return v === '1' ? true : v === '0' ? false : undefined;
  };
  const rate = Number(query.get('rate'));
  const duplex = query.get('duplex');
  const [agc, ns, ec] = [flag('agc'), flag('ns'), flag('ec')];
  return {
    sampleRateHz: Number.isInteger(rate) && rate >= 8000 && rate <= 96_000 ? rate : null,
    duplex: duplex === 'full' || duplex === 'half' ? duplex : null,
    endOfTurn: query.get('eot') === 'fixed' ? 'fixed' : 'policy',
    processing: {
      ...(agc === undefined ? {} : { autoGainControl: agc }),
      ...(ns === undefined ? {} : { noiseSuppression: ns }),
      ...(ec === undefined ? {} : { echoCancellation: ec }),
    },
    keepLevels: query.get('levels') === '1',
    pcm16: query.get('codec') === 'pcm16',
    webCodecsDecoder: query.get('decoder') === 'webcodecs',
  };
}

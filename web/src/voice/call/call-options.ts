import type { ProcessingOptions } from '../../audio/capture-constraints.ts';
import { store } from '../../state/store.ts';

/**
 * `?rate=44100` (8,000–96,000) runs the audio graph at that rate instead of the device's, as
 * phones and Bluetooth headsets do (44.1, 24 or 16 kHz): capture resamples to 16 kHz from it and
 * replies are asked for at it.
 */
export function forcedSampleRate(): { sampleRate?: number } {
  const rate = Number(new URLSearchParams(window.location.search).get('rate'));
  return Number.isInteger(rate) && rate >= 8000 && rate <= 96_000 ? { sampleRate: rate } : {};
}

/** `?duplex=full|half` forces the mode instead of measuring the echo at the start of a call. */
export function forcedDuplex(): 'full' | 'half' | null {
  const v = new URLSearchParams(window.location.search).get('duplex');
  return v === 'full' || v === 'half' ? v : null;
}

/**
 * `?eot=fixed` ends every turn after 500 ms of silence, as before the end-of-turn policy (for
 * measurements that compare them); otherwise the policy decides at each pause.
 */
export function endOfTurnRule(): 'policy' | 'fixed' {
  return new URLSearchParams(window.location.search).get('eot') === 'fixed' ? 'fixed' : 'policy';
}

/**
 * `?agc=1|0`, `?ns=1|0`, `?ec=1|0`: the browser's automatic gain control, noise suppression and
 * echo cancellation on or off, instead of the defaults (off, off, on: see capture-constraints.ts),
 * for measurements that compare them. The same constraints are used each time the microphone is
 * opened again.
 */
export function processingOptions(): ProcessingOptions {
  const query = new URLSearchParams(window.location.search);
  const flag = (name: string): boolean | undefined => {
    const v = query.get(name);
    return v === '1' ? true : v === '0' ? false : undefined;
  };
  const [agc, ns, ec] = [flag('agc'), flag('ns'), flag('ec')];
  return {
    ...(agc === undefined ? {} : { autoGainControl: agc }),
    ...(ns === undefined ? {} : { noiseSuppression: ns }),
    ...(ec === undefined ? {} : { echoCancellation: ec }),
  };
}

/**
 * `?levels=1` keeps the loudness of every captured block (two minutes' worth) for measuring
 * speech boundaries apart from the VAD (the end-to-end voice-to-voice and barge-in figures).
 */
export function captureLevelsWanted(): boolean {
  return new URLSearchParams(window.location.search).get('levels') === '1';
}

/** Turn ids keep increasing across calls in this page, so transcript keys never collide. */
export function nextTurnId(): number {
  const last = store.getState().entries.at(-1)?.turnId ?? 0;
  return last + 1;
}

/**
 * `?codec=pcm16` sends and receives raw PCM16 instead of Opus (comparisons); `?decoder=webcodecs`
 * decodes reply Opus with the browser's own decoder (WebCodecs) where it has one, rather than
 * the WebAssembly one (comparisons).
 */
export function forcedAudio(): { pcm16: boolean; webCodecsDecoder: boolean } {
  const query = new URLSearchParams(window.location.search);
  return {
    pcm16: query.get('codec') === 'pcm16',
    webCodecsDecoder: query.get('decoder') === 'webcodecs',
  };
}

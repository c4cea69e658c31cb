/**
 * What the app asks getUserMedia for. The browser's voice processing is made for a person
 * listening on a call; our listener is a speech recogniser, which has its own noise and level
 * handling (PocketSphinx: noise removal and cepstral mean normalisation). Measured in Chromium with
 * a fake microphone ("what time is it right now", Flite's four voices, a fresh decoder;
 * bench/results/phrases-notes.md): with automatic gain control and noise suppression on (the
 * browser's default), three voices of four were misheard ("one time you should try to help");
 * gain control lifted already-loud speech 3–10 dB, into clipping at full scale, and noise
 * suppression took 2–4 dB off bands between 1 and 7 kHz. With both off, the audio the relay
 * received kept the file's level within 0.3 dB. Echo cancellation stays on: it is what lets the
 * user talk over a reply on speakers (full duplex; see echo-check.ts), though it too changes the
 * audio a little (one voice of four heard "… right now and"; 12/12 with it off as well).
 */
export interface ProcessingOptions {
  /** Echo cancellation. Default true. */
  echoCancellation?: boolean;
  /** Noise suppression. Default false. */
  noiseSuppression?: boolean;
  /** Automatic gain control. Default false. */
  autoGainControl?: boolean;
}

/** The audio constraints for `getUserMedia`: one channel, `deviceId` exactly when given. */
export function captureConstraints(
  options: ProcessingOptions & { deviceId?: string },
): MediaTrackConstraints {
  return {
    echoCancellation: options.echoCancellation ?? true,
    noiseSuppression: options.noiseSuppression ?? false,
    autoGainControl: options.autoGainControl ?? false,
    channelCount: 1,
    ...(options.deviceId === undefined ? {} : { deviceId: { exact: options.deviceId } }),
  };
}

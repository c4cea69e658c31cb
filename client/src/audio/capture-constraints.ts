/**
 * What the app asks getUserMedia for. The browser's voice processing is made for a person
 * listening on a call; our listener is a speech recogniser, which has its own noise and level
 * handling (PocketSphinx: noise removal and cepstral mean normalisation), and hears worse
 * through gain control (speech lifted into clipping) and noise suppression (bands of speech
 * taken off). Echo cancellation stays on: it is what lets the user talk over a reply on speakers
 * (full duplex; see echo-check.ts), though it too changes the audio a little. Figures:
 * docs/decisions.md#capture-without-the-browsers-gain-control-and-noise-suppression.
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

/** What asking for the microphone needs. */
export interface MicAsker {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
}

/**
 * The microphone asked for inside the tap that starts a call, before anything is awaited:
 * Safari shows its permission prompt only for a request made while the tap is being handled
 * (a request made after the relay connected and the voice model loaded, a second or two later,
 * comes outside it), and every browser ties the prompt to what the user just did. The call
 * takes the stream when it opens its microphone with the same constraints; a call that fails
 * before that releases it.
 */
export class GestureMic {
  private pending: Promise<MediaStream> | null;

  constructor(
    devices: MicAsker | undefined,
    /** The audio constraints the call's first opening of the microphone uses. */
    readonly constraints: MediaTrackConstraints,
    /** The input those constraints ask for (undefined: the default). */
    readonly deviceId?: string,
  ) {
    this.pending = devices ? devices.getUserMedia({ audio: constraints }) : null;
    // Taken later, or released: never an unhandled rejection in between.
    this.pending?.catch(() => undefined);
  }

  /** The stream asked for, once (null afterwards, or when there was no microphone to ask). */
  take(): Promise<MediaStream> | null {
    const pending = this.pending;
    this.pending = null;
    return pending;
  }

  /** The stream, for an opening of input `deviceId`: the one asked for, when it asked for that. */
  takeFor(deviceId: string | undefined): Promise<MediaStream> | null {
    return deviceId === this.deviceId ? this.take() : null;
  }

  /** Not taken (the call ended before its microphone opened): its tracks are stopped. */
  release(): void {
    void this.take()?.then(
      (stream) => {
        for (const track of stream.getTracks()) track.stop();
      },
      () => undefined,
    );
  }
}

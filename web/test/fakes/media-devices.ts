import type { AudioInput } from './web-audio.ts';

/**
 * `navigator.mediaDevices`, faked: microphones the test plugs in, unplugs and speaks into.
 * getUserMedia opens the one its constraints name exactly (else the first), as Chromium does;
 * a track of an unplugged microphone ends (`ended`), and the devices say so (`devicechange`).
 */

/** A microphone: what it will hear, queued at the rate of the context that reads it. */
export class FakeMicrophone {
  private queue: Float32Array[] = [];
  private offset = 0;
  /** Tracks opened on it, live or ended. */
  readonly tracks: FakeTrack[] = [];

  constructor(
    readonly deviceId: string,
    readonly label: string,
    readonly groupId = deviceId,
  ) {}

  /** Queues `samples` (at the rate of the context that will read them) after what is queued. */
  hear(samples: Float32Array): void {
    this.queue.push(samples);
  }

  /** Samples queued and not heard yet. */
  get pending(): number {
    return this.queue.reduce((n, s) => n + s.length, 0) - this.offset;
  }

  /** The next `frames` samples heard (silence once the queue is empty). */
  read(frames: number): Float32Array {
    const out = new Float32Array(frames);
    let at = 0;
    while (at < frames) {
      const head = this.queue[0];
      if (!head) break;
      const n = Math.min(frames - at, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + n), at);
      at += n;
      this.offset += n;
      if (this.offset === head.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    return out;
  }
}

/** A MediaStreamTrack of a fake microphone (the graph reads it as an {@link AudioInput}). */
export class FakeTrack extends EventTarget implements AudioInput {
  readonly kind = 'audio';
  enabled = true;
  muted = false;
  readyState: MediaStreamTrackState = 'live';

  constructor(
    readonly mic: FakeMicrophone,
    private readonly rateHz: number,
  ) {
    super();
  }

  get label(): string {
    return this.mic.label;
  }

  getSettings(): MediaTrackSettings {
    return { deviceId: this.mic.deviceId, groupId: this.mic.groupId, sampleRate: this.rateHz };
  }

  /** The browser's stop: the track ends, without an event. */
  stop(): void {
    this.readyState = 'ended';
  }

  /** The device went away: the track ends, and says so. */
  end(): void {
    if (this.readyState === 'ended') return;
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }

  read(frames: number): Float32Array | undefined {
    if (this.readyState === 'ended') return undefined;
    // The microphone goes on hearing; a disabled or muted track delivers silence meanwhile.
    const heard = this.mic.read(frames);
    return this.enabled && !this.muted ? heard : new Float32Array(frames);
  }
}

/** `navigator.mediaDevices`, with microphones the test controls. */
export class FakeMediaDevices extends EventTarget {
  private readonly mics: FakeMicrophone[] = [];
  /** getUserMedia calls, in order (what each asked for: a deviceId, or the default). */
  readonly requests: (string | undefined)[] = [];

  constructor(
    /** The rate the microphones deliver (that of the call's context). */
    private readonly rateHz: number,
    mics: FakeMicrophone[],
  ) {
    super();
    this.mics.push(...mics);
  }

  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const audio = typeof constraints.audio === 'object' ? constraints.audio : {};
    const exact = audio.deviceId;
    const wanted =
      typeof exact === 'object' && !Array.isArray(exact) && typeof exact.exact === 'string'
        ? exact.exact
        : undefined;
    this.requests.push(wanted);
    const mic = wanted === undefined ? this.mics[0] : this.mics.find((m) => m.deviceId === wanted);
    if (!mic)
      return Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    const track = new FakeTrack(mic, this.rateHz);
    mic.tracks.push(track);
    return Promise.resolve(fakeStream(track));
  }

  enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return Promise.resolve(
      this.mics.map(
        (m) =>
          ({
            kind: 'audioinput',
            deviceId: m.deviceId,
            groupId: m.groupId,
            label: m.label,
          }) as MediaDeviceInfo,
      ),
    );
  }

  /** A microphone is plugged in. */
  plug(mic: FakeMicrophone): void {
    this.mics.push(mic);
    this.dispatchEvent(new Event('devicechange'));
  }

  /** A microphone is unplugged: its tracks end, and the list changes. */
  unplug(mic: FakeMicrophone): void {
    this.mics.splice(this.mics.indexOf(mic), 1);
    for (const track of mic.tracks) track.end();
    this.dispatchEvent(new Event('devicechange'));
  }
}

/** A MediaStream of one track. */
function fakeStream(track: FakeTrack): MediaStream {
  const tracks = [track as unknown as MediaStreamTrack];
  return {
    getTracks: () => tracks,
    getAudioTracks: () => tracks,
  } as unknown as MediaStream;
}

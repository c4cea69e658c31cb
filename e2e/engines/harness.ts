/**
 * The script the engine lanes' copy of the app loads before its own (see ./served-app.ts): it
 * collects the page's errors, and it makes the microphone say a conversation from a WAV.
 *
 * Neither engine can play a file as its microphone (WebKit's mock device beeps, Gecko's fake
 * stream is a tone), and WebKit's driver has no way to run a script before the page's own. So
 * the page loads this one first, from its own origin (its CSP allows same-origin scripts, not
 * inline ones). `getUserMedia` then answers with a track fed by an AudioContext that plays
 * `/e2e-fixtures/<mic>.wav` from its start once the app connects the track to its audio graph,
 * where `mic` is the page's `?mic=` parameter (without it the engine's own device is left
 * alone).
 *
 * The functions here run in the page: they are serialised with `Function.prototype.toString`,
 * so they use nothing from outside their own bodies (the harness gets its microphone's feed as
 * an argument, see ../mic-feed.ts).
 */

import type { MicFeed } from '../mic-feed.ts';

/** What the harness keeps on `window.__engineHarness`. */
export interface HarnessState {
  /** Uncaught errors, unhandled rejections and CSP violations, as text. */
  errors: string[];
  /** Times the file started: a microphone the harness gave was connected to an audio graph. */
  micOpens: number;
  /**
   * For each `getUserMedia` call, whether it was made while a user's tap or key press was being
   * handled (the event's dispatch; a promise or timer later is outside it).
   */
  micAskedInGesture: boolean[];
  /** Whether a user's tap or key press is being handled now. */
  inGesture: () => boolean;
  /** How far the file has played since the microphone was last opened (ms; 0 before). */
  filePositionMs: () => number;
  /** The rate of the AudioContext that feeds the fake microphone (Hz). */
  feedRateHz: number | null;
}

declare global {
  interface Window {
    __engineHarness?: HarnessState;
  }
}

/** Installs the harness; runs in the page before the app (see ../mic-feed.ts's `withMicFeed`). */
export function installHarness(openFeed: () => MicFeed): void {
  let startedAt: { context: AudioContext; timeSec: number } | null = null;
  let gesture = false;
  const state: HarnessState = {
    errors: [],
    micOpens: 0,
    micAskedInGesture: [],
    inGesture: () => gesture,
    filePositionMs: () =>
      startedAt ? (startedAt.context.currentTime - startedAt.timeSec) * 1000 : 0,
    feedRateHz: null,
  };
  window.__engineHarness = state;
  window.addEventListener('error', (e) => {
    state.errors.push(`${e.message} (${e.filename}:${e.lineno})`);
  });
  window.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    const reason: unknown = e.reason;
    state.errors.push(
      `unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
    );
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    state.errors.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
  });

  // The events that give a page user activation; the flag drops once their dispatch is over.
  for (const type of ['pointerdown', 'pointerup', 'mousedown', 'touchend', 'keydown', 'click'])
    window.addEventListener(
      type,
      () => {
        gesture = true;
        setTimeout(() => (gesture = false), 0);
      },
      true,
    );

  const query = new URLSearchParams(window.location.search);
  // `?without=AudioEncoder,…`: the page runs as in a browser that lacks these APIs.
  for (const name of (query.get('without') ?? '').split(',').filter((n) => n !== ''))
    Reflect.deleteProperty(window, name);

  const mic = query.get('mic');
  if (mic === null) return;

  /** The file's samples (16-bit PCM, mono or its first channel) and rate. */
  const wav = fetch(`/e2e-fixtures/${mic}.wav`)
    .then((r) => r.arrayBuffer())
    .then((bytes) => {
      const view = new DataView(bytes);
      let at = 12;
      let rateHz = 0;
      let channels = 1;
      while (at + 8 <= view.byteLength) {
        const id = String.fromCharCode(
          view.getUint8(at),
          view.getUint8(at + 1),
          view.getUint8(at + 2),
          view.getUint8(at + 3),
        );
        const size = view.getUint32(at + 4, true);
        if (id === 'fmt ') {
          channels = view.getUint16(at + 10, true);
          rateHz = view.getUint32(at + 12, true);
        } else if (id === 'data') {
          const frames = Math.floor(size / 2 / channels);
          const samples = new Float32Array(frames);
          for (let i = 0; i < frames; i++)
            samples[i] = view.getInt16(at + 8 + i * 2 * channels, true) / 0x8000;
          return { samples, rateHz };
        }
        at += 8 + size + (size % 2);
      }
      throw new Error(`no audio in /e2e-fixtures/${mic}.wav`);
    });

  // The feeding context is made inside the user's gesture (WebKit leaves one made outside it
  // suspended), at the engine's own rate.
  let feed: MicFeed | null = null;
  let playing: AudioBufferSourceNode | null = null;
  const unlock = () => {
    if (feed) {
      void feed.context.resume();
      return;
    }
    feed = openFeed();
    state.feedRateHz = feed.context.sampleRate;
  };
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'click'])
    window.addEventListener(type, unlock, true);

  // The file starts when the app connects the microphone to its audio graph, not when it asks
  // for it: a page may ask inside the tap and listen a second or two later (Chromium's fake
  // device starts at the request; the app asks that early only where the request may prompt).
  const waiting = new WeakMap<MediaStream, () => void>();
  const proto = AudioContext.prototype;
  const connect = Object.getOwnPropertyDescriptor(proto, 'createMediaStreamSource')
    ?.value as AudioContext['createMediaStreamSource'];
  proto.createMediaStreamSource = function (this: AudioContext, stream) {
    waiting.get(stream)?.();
    waiting.delete(stream);
    return connect.call(this, stream);
  };

  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    if (!constraints?.audio) return original(constraints);
    state.micAskedInGesture.push(gesture);
    if (!feed) unlock();
    const { samples, rateHz } = await wav;
    const { context, destination } = feed!;
    // A clone for each caller: the app stops the tracks it is given, and the feed goes on.
    const stream = new MediaStream([destination.stream.getAudioTracks()[0]!.clone()]);
    waiting.set(stream, () => {
      const buffer = context.createBuffer(1, samples.length, rateHz);
      buffer.copyToChannel(samples, 0);
      playing?.stop();
      playing = context.createBufferSource();
      playing.buffer = buffer;
      playing.connect(destination);
      playing.start();
      startedAt = { context, timeSec: context.currentTime };
      state.micOpens++;
    });
    return stream;
  };
}

/** The errors the harness collected (runs in the page). */
export function harnessErrors(): string[] {
  return window.__engineHarness?.errors ?? ['the test harness did not run before the app'];
}

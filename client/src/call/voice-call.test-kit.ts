import type { HandOffStorage } from '@parley/shared';
import { expect, vi } from 'vitest';
import { FakeSocket, ready } from '../../../shared/src/net/connection-test-kit.ts';
import type { VadHandle } from '../audio/vad-handle.ts';
import type { CallDeps } from './call-deps.ts';
import { RecordingSink } from './call-sink.test-kit.ts';
import { callSwitches } from './call-switches.ts';
import { createCall } from './create-call.ts';

// A call as the page makes it (`createCall`), the browser faked at its APIs: a relay that accepts
// every hello, an AudioContext that renders nothing, a microphone that answers when the test says.

/**
 * A WebSocket to a relay that opens at once and answers a hello with a new session (`sess1`), or
 * with the session resumed when the hello resumes one.
 */
class RelaySocket extends FakeSocket {
  constructor() {
    super();
    queueMicrotask(() => this.open());
  }

  override send(data: string | Uint8Array): void {
    super.send(data);
    if (typeof data !== 'string') return;
    const m = JSON.parse(data) as { type: string; resume?: object };
    if (m.type === 'hello') queueMicrotask(() => this.receive(ready(m.resume !== undefined)));
  }
}

/** A node of the fake graph: it connects to anything and plays nothing. */
function silentNode() {
  return { connect: () => undefined, disconnect: () => undefined };
}

/** An AudioWorkletNode whose processor never answers (the player's, here). */
class SilentWorkletNode {
  readonly port = { onmessage: null, postMessage: () => undefined };
  connect(): void {}
  disconnect(): void {}
}

/**
 * An AudioContext as a call uses one until its microphone opens, closed as a browser's is: once
 * (Chromium rejects a second close: "Cannot close a closed AudioContext").
 */
export class FakeContext extends EventTarget {
  readonly sampleRate = 48_000;
  state: AudioContextState = 'suspended';
  /** Times `close()` was called. */
  closes = 0;
  readonly destination = silentNode();
  readonly audioWorklet = { addModule: () => Promise.resolve() };

  resume(): Promise<void> {
    if (this.state === 'closed')
      return Promise.reject(new DOMException('closed', 'InvalidStateError'));
    this.state = 'running';
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closes++;
    if (this.state === 'closed')
      return Promise.reject(
        new DOMException('Cannot close a closed AudioContext.', 'InvalidStateError'),
      );
    this.state = 'closed';
    return Promise.resolve();
  }

  createBuffer(): object {
    return {};
  }

  createBufferSource() {
    return { ...silentNode(), buffer: null, start: () => undefined };
  }

  createAnalyser() {
    return { ...silentNode(), fftSize: 2048, getFloatTimeDomainData: () => undefined };
  }
}

/** `navigator.mediaDevices` whose microphone is asked for until the test answers (`deny`). */
export class FakeDevices extends EventTarget {
  /** Times the microphone was asked for. */
  asked = 0;
  private readonly answers: ((err: Error) => void)[] = [];

  getUserMedia(): Promise<MediaStream> {
    this.asked++;
    return new Promise((_, reject) => this.answers.push(reject));
  }

  enumerateDevices(): Promise<never[]> {
    return Promise.resolve([]);
  }

  /** The user (or the browser) says no to every request pending. */
  deny(): void {
    for (const reject of this.answers.splice(0))
      reject(new DOMException('Permission denied', 'NotAllowedError'));
  }
}

/** A voice detector that hears nothing and counts how often the call set its options. */
function quietVad(): VadHandle & { optionsSet: number } {
  return {
    settings: {
      positiveSpeechThreshold: 0.3,
      negativeSpeechThreshold: 0.25,
      redemptionMs: 500,
      preSpeechPadMs: 800,
      minSpeechMs: 400,
    },
    loadMs: 0,
    loadTimings: null,
    framesProcessed: 0,
    maxPendingFrames: 0,
    optionsSet: 0,
    push: () => undefined,
    reset: () => undefined,
    endSegment: () => undefined,
    setOptions(this: { optionsSet: number }) {
      this.optionsSet++;
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The browser's parts a call uses, faked (see createParleyCall's seam): a relay that accepts
 * every hello, AudioContexts that render nothing, a microphone that answers when the test says,
 * a voice detector that hears nothing; `sessionStorage`: the tab's (for a hand-off). Install with fake timers on (`vi.useFakeTimers()`), and
 * `vi.unstubAllGlobals()` after: the player's AudioWorkletNode is a global.
 */
export function fakeBrowser(sessionStorage?: HandOffStorage) {
  vi.stubGlobal('AudioWorkletNode', SilentWorkletNode);
  const devices = new FakeDevices();
  const contexts: FakeContext[] = [];
  const sockets: RelaySocket[] = [];
  /** The addresses sockets were opened to, in order. */
  const socketUrls: string[] = [];
  const vad = quietVad();
  const parts = {
    devices,
    audioContext: (): AudioContext => {
      const context = new FakeContext();
      contexts.push(context);
      return context as unknown as AudioContext;
    },
    openSocket: (url: string) => {
      const socket = new RelaySocket();
      sockets.push(socket);
      socketUrls.push(url);
      return socket;
    },
    page: {
      window: new EventTarget(),
      document: Object.assign(new EventTarget(), { visibilityState: 'visible' as const }),
      online: () => true,
      installed: () => false,
      sessionStorage,
    },
    storage: null,
    pageUrl: undefined,
  };
  return {
    parts,
    devices,
    contexts,
    sockets,
    socketUrls,
    vad,
    loadVad: () => Promise.resolve(vad),
    /** Resolves once the relay answered and the detector loaded: the call waits for the mic. */
    waitsForMic: () => vi.waitFor(() => expect(vad.optionsSet).toBe(1)),
  };
}

/**
 * A page's call on fake browser APIs (see {@link fakeBrowser}), entered at its deps
 * (`createCall`), its sink recording. `handOff`: the tab's `sessionStorage`, and whether a page
 * going away ends the session.
 */
export function fakeCall(
  handOff: { sessionStorage?: HandOffStorage; endOnPageHide?: boolean } = {},
) {
  const browser = fakeBrowser(handOff.sessionStorage);
  const sink = new RecordingSink();
  const deps: CallDeps = {
    sink,
    // A new conversation (its turns numbered from 1, above those it showed: one handed over),
    // nothing asked, typed replies not spoken.
    view: {
      nextTurnId: () => sink.lastTurnId + 1,
      questionOpen: () => false,
      speakReplies: () => false,
      continuing: () => null,
    },
    devices: browser.devices,
    audioContext: browser.parts.audioContext,
    relay: {
      socketUrl: () => 'ws://relay/ws',
      ticket: () => Promise.resolve('ticket-1-xxxxxxxxxxxxxxxx'),
      openSocket: browser.parts.openSocket,
      reached: () => undefined,
    },
    page: browser.parts.page,
    loadVad: browser.loadVad,
    switches: callSwitches(''),
    storage: null,
    endOnPageHide: handOff.endOnPageHide,
  };
  const { page } = browser.parts;
  return {
    ...browser,
    call: createCall(deps),
    sink,
    page,
    /** The page goes away: for good, or kept for Back (`persisted`). */
    hide: (persisted = false) =>
      page.window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted })),
    /** The page is shown: loaded, or again from the back/forward cache by Back (`persisted`). */
    show: (persisted = false) =>
      page.window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted })),
  };
}

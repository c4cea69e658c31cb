import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pcm16ToFloat } from '@parley/shared';
import { expect } from 'vitest';
import {
  callSwitches,
  createCall,
  createVadLoader,
  Emitter,
  sinkEvents,
  type Call,
  type CallDebugParts,
  type CallDeps,
} from '@parley/client/internal';
import type { ParleyCallEvents } from '@parley/client';
import {
  loadSileroV5,
  ORT_WASM,
  SILERO_V5_MODEL,
  VoiceActivityDetector,
  type SileroBytes,
} from '@parley/client/internal/vad';
import { bindCallToStore } from '../src/call/store-events.ts';
import { storeView } from '../src/call/store-view.ts';
import { createReachability, type Reachability } from '../src/net/reachability.ts';
import { createAppStore, type AppStore } from '../src/state/store.ts';
import { synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { CallWire } from './call-wire.ts';
import { FakeMediaDevices, FakeMicrophone } from './fakes/media-devices.ts';
import { FakeAudioContext } from './fakes/web-audio.ts';

/** The rate the fake audio graph runs at (Hz): a desktop Chromium's. */
export const CONTEXT_RATE_HZ = 48_000;

// The model and the .wasm are the client package's dependencies, not the app's.
const require = createRequire(new URL('../../client/package.json', import.meta.url));
let silero: Promise<SileroBytes> | null = null;

/** The voice detector's model and onnxruntime's WebAssembly, as the page serves them. */
function sileroBytes(): Promise<SileroBytes> {
  const bytes = async (specifier: string) => {
    const file = await readFile(require.resolve(specifier));
    return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  };
  silero ??= Promise.all([bytes(SILERO_V5_MODEL.packageFile), bytes(ORT_WASM.packageFile)]).then(
    ([model, wasm]) => ({ model, wasm }),
  );
  return silero;
}

/** The page's document: shown or hidden. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
}

/** The page around the call: shown, online, in a browser tab. */
class FakePage {
  readonly window = new EventTarget();
  readonly document = new FakeDocument();
  online = () => true;
  installed = () => false;
}

/** A relay running on a loopback port. */
export interface Relay {
  /** http://127.0.0.1:port */
  readonly url: string;
}

/** Where the call reaches the relay: its HTTP address, and the port its WebSocket goes to. */
export interface RelayRoute {
  relay: Relay;
  /** The WebSocket's port (a proxy in front of the relay). */
  socketPort: number;
}

/** A single-use ticket for a connection, as the page asks for one (`POST /api/session`). */
async function ticket(relay: Relay, signal: AbortSignal): Promise<string> {
  const res = await fetch(`${relay.url}/api/session`, { method: 'POST', signal });
  if (!res.ok) throw new Error(`ticket refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ticket: string }).ticket;
}

/**
 * One page's conversation, made as the page makes it (`createCall`) against a real relay, with
 * the browser faked at its APIs: a store of its own, fake microphones, a fake Web Audio graph
 * running the app's worklets, Node's WebSocket (recorded), the real voice detector (Silero on
 * onnxruntime-web's WebAssembly).
 */
export class CallKit {
  readonly app: AppStore = createAppStore();
  readonly wire = new CallWire();
  readonly devices: FakeMediaDevices;
  /** The AudioContexts the call made, oldest first. */
  readonly contexts: FakeAudioContext[] = [];
  readonly call: Call;
  private exposed: CallDebugParts | null = null;
  private readonly reachability: Reachability;

  constructor(
    route: RelayRoute,
    readonly mics: FakeMicrophone[] = [new FakeMicrophone('mic-1', 'Built-in Microphone')],
  ) {
    const { relay } = route;
    this.devices = new FakeMediaDevices(CONTEXT_RATE_HZ, mics);
    this.reachability = createReachability(this.app.actions, () => relay.url);
    const vad = createVadLoader(async (config) => {
      const { model } = await loadSileroV5(await sileroBytes());
      return new VoiceActivityDetector(model, config);
    });
    // The call's events bound to the store as the page binds them (createPageCall).
    const events = new Emitter<ParleyCallEvents>();
    bindCallToStore(events, this.app, this.reachability);
    const deps: CallDeps = {
      sink: sinkEvents((event, payload) => events.emit(event, payload)),
      view: storeView(this.app),
      devices: this.devices,
      audioContext: (options) => {
        const context = new FakeAudioContext({ ...options, sampleRate: CONTEXT_RATE_HZ });
        this.contexts.push(context);
        return context as unknown as AudioContext;
      },
      relay: {
        socketUrl: () => `ws://127.0.0.1:${route.socketPort}/ws`,
        ticket: (signal) => ticket(relay, signal),
        openSocket: (url) => this.wire.socket(url),
        // Told by the binding, when the connection says it is connected.
        reached: () => undefined,
      },
      page: new FakePage(),
      loadVad: vad.load,
      // Headphones: the reply cannot reach the microphone, as the echo check would find.
      switches: { ...callSwitches(''), duplex: 'full' },
      storage: null,
      debug: {
        expose: (parts) => (this.exposed = parts),
        captureBlock: () => undefined,
      },
    };
    this.call = createCall(deps);
  }

  /** The store's state now. */
  get state() {
    return this.app.store.getState();
  }

  /** The live call's parts, as the end-to-end tests see them (`window.__parley`). */
  get debug(): CallDebugParts {
    if (!this.exposed) throw new Error('no call has opened its microphone');
    return this.exposed;
  }

  /** The call's context (the latest made). */
  get context(): FakeAudioContext {
    const context = this.contexts.at(-1);
    if (!context) throw new Error('no call was started');
    return context;
  }

  /** `text`, spoken into `mic` (default: the first) by Flite, with silence around it. */
  async say(text: string, mic = this.mics[0]): Promise<void> {
    const speech = await synthesizeSpeech(text, {
      leadingSilenceMs: 300,
      trailingSilenceMs: 1500,
      sampleRateHz: CONTEXT_RATE_HZ,
    });
    mic?.hear(pcm16ToFloat(speech.samples));
  }

  /** Waits until `mic` has heard all it was given. */
  async heard(mic = this.mics[0]): Promise<void> {
    await expect.poll(() => mic?.pending ?? 0, { timeout: 30_000 }).toBe(0);
  }

  /** What the user said and what was answered, as the transcript shows it. */
  transcript(): { role: string; text: string; status?: string }[] {
    return this.state.entries.map((e) => ({
      role: e.role,
      text: e.text,
      ...(e.status === undefined ? {} : { status: e.status }),
    }));
  }

  /** The turns the relay stored for the call's session: what was said, answered, how it ended. */
  async storedTurns(
    relay: Relay,
  ): Promise<{ userText: string; assistantText: string; status: string }[]> {
    const id = this.state.sessionId ?? this.wire.sessionIds.at(-1) ?? '';
    const res = await fetch(`${relay.url}/api/sessions/${id}`);
    if (!res.ok) return [];
    const body = (await res.json()) as {
      turns: { userText: string; assistantText: string; status: string }[];
    };
    return body.turns.map(({ userText, assistantText, status }) => ({
      userText,
      assistantText,
      status,
    }));
  }

  /** Ends whatever is open, and stops watching the relay. */
  close(): void {
    this.call.endAll();
    this.reachability.stop();
    for (const context of this.contexts) void context.close();
  }
}

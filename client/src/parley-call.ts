import type { CallDeps, CallView } from './call/call-deps.ts';
import type { CallSink } from './call/call-sink.ts';
import { callSwitches } from './call/call-switches.ts';
import { createCall } from './call/create-call.ts';
import { PackageView } from './call/package-view.ts';
import { sinkEvents } from './call/sink-events.ts';
import { createVadLoader, loadHandleFrom, type PageVad } from './call/vad-loader.ts';
import { browserParts, relaySocketUrl, type BrowserParts } from './browser-env.ts';
import { Emitter } from './events.ts';
import type { ParleyCall, ParleyCallEvents, ParleyCallOptions } from './parley-call-types.ts';

/** The package's name and version, as the relay logs them by default (`hello.client`). */
export const CLIENT_NAME = { name: '@parley/client', version: '0.1.0' } as const;

/**
 * What `createParleyCall` takes from below its options (the internal seam): the browser's parts
 * (default: this browser's), the voice detector's loader (default: one of its own, from
 * `assetBaseUrl`), and a page's own answers to what the call reads of the conversation (the
 * app's, from its store: its transcript numbers its turns, risk R9 of
 * docs/design/client-package.md; then `setSpeakReplies` and `continueFrom` are the page's own
 * business, through what it answers).
 */
export interface CallSeam {
  browser?: BrowserParts;
  vad?: PageVad;
  view?: Partial<CallView>;
  /** Where a listener's error goes (default: thrown again in a microtask). */
  reportListenerError?: (err: unknown) => void;
}

/**
 * Makes a conversation with a Parley relay (see `createParleyCall` in index.ts), entered at the
 * seam: one call, the same the app runs (`createCall`), told through its events.
 */
export function createParleyCallAt(options: ParleyCallOptions, seam: CallSeam = {}): ParleyCall {
  const browser = seam.browser ?? browserParts();
  const events = new Emitter<ParleyCallEvents>(seam.reportListenerError);
  // What the call tells as it is made reaches the listeners the page adds right after.
  events.holdForListeners();
  const own = new PackageView(options.speakReplies ?? false, options.continueFrom ?? null);
  const view: CallView = {
    nextTurnId: seam.view?.nextTurnId ?? (() => own.nextTurnId()),
    questionOpen: seam.view?.questionOpen ?? (() => own.questionOpen()),
    speakReplies: seam.view?.speakReplies ?? (() => own.speakReplies()),
    continuing: seam.view?.continuing ?? (() => own.continuing()),
  };
  const vad =
    seam.vad ??
    createVadLoader(
      options.assetBaseUrl === undefined ? undefined : loadHandleFrom(options.assetBaseUrl),
    );
  const { endOnPageHide } = options;
  const deps: CallDeps = {
    sink: observed(
      own.observe,
      sinkEvents((event, payload) => events.emit(event, payload)),
    ),
    view,
    devices: browser.devices,
    audioContext: (o) => browser.audioContext(o),
    relay: {
      socketUrl: () => relaySocketUrl(options.relayUrl, browser.pageUrl),
      ticket: (signal) => options.getTicket(signal),
      openSocket: (url) => browser.openSocket(url),
      reached: () => undefined,
    },
    page: browser.page,
    endOnPageHide,
    loadVad: vad.load,
    switches: { ...callSwitches(''), ...options.switches },
    storage: options.storage === undefined ? browser.storage : options.storage,
    permissions: browser.permissions,
    debug: options.debug,
    reminders: options.reminders,
    language: options.language,
    client: options.client ?? CLIENT_NAME,
  };
  const call = createCall(deps);
  const { controls } = call;
  return {
    start: () => call.start(),
    end: () => call.endAll(),
    mute: (muted = true) => controls.setMuted(muted),
    interrupt: () => controls.interrupt(),
    sendText: (text) => call.send(text),
    answer: (answer) => {
      own.answered(answer.confirmId);
      return call.answer(answer);
    },
    retryTurn: (retry) => call.retry(retry),
    controls: {
      press: () => controls.press(),
      release: () => controls.release(),
      setInputMode: (mode) => controls.setInputMode(mode),
      selectMic: (deviceId) => controls.selectMic(deviceId),
      selectSpeaker: (deviceId) => controls.selectSpeaker(deviceId),
    },
    reconnectNow: () => call.retryNow(),
    retryMic: () => call.retryMic(),
    setPreferences: ({ eagerness, bargeIn, language }) => {
      if (eagerness !== undefined) call.setEagerness(eagerness);
      if (bargeIn !== undefined) call.setBargeIn(bargeIn);
      if (language !== undefined) call.setTurnLanguage(language);
    },
    setSpeakReplies: (on) => own.setSpeakReplies(on),
    continueFrom: (c) => own.continueFrom(c),
    warm: () => vad.warm().then(() => undefined),
    on: (event, listener) => events.on(event, listener),
  };
}

/** `sink`, with `first` told each of its events before it. */
function observed(first: Partial<CallSink>, sink: CallSink): CallSink {
  return {
    ...sink,
    message: (m) => {
      first.message?.(m);
      sink.message(m);
    },
    transcript: (e) => {
      first.transcript?.(e);
      sink.transcript(e);
    },
    turn: (e) => {
      first.turn?.(e);
      sink.turn(e);
    },
    session: (e) => {
      first.session?.(e);
      sink.session(e);
    },
  };
}

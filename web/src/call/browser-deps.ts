import {
  callSwitches,
  type AudioSessionLike,
  type CallDeps,
  type CallPage,
  type PageReminders,
  type VadLoader,
} from '@parley/client/internal';
import { requestTicket } from '../net/api.ts';
import { pageReachability } from '../net/reachability.ts';
import { relayWebSocketUrl } from '../net/relay-url.ts';
import { browserStorage } from '../state/browser-storage.ts';
import type { AppStore } from '../state/store.ts';
import { exposeDebug, recordCaptureBlock } from './debug-hooks.ts';
import { storeSink } from './store-sink.ts';
import { storeView } from './store-view.ts';

/** Whether this page runs as an app added to the home screen (display mode, or iOS's flag). */
function installedApp(): boolean {
  const standalone = (navigator as { standalone?: boolean }).standalone === true;
  return standalone || matchMedia('(display-mode: standalone)').matches;
}

/** This page, as a call sees it. */
function browserPage(): CallPage {
  return {
    window,
    document,
    online: () => navigator.onLine,
    installed: installedApp,
    ...('wakeLock' in navigator ? { wakeLock: navigator.wakeLock } : {}),
    audioSession: (navigator as { audioSession?: AudioSessionLike }).audioSession,
  };
}

/**
 * What a call uses in this browser: the page's store (shown in, read), `navigator.mediaDevices`, a real
 * AudioContext, the relay this page talks to (its address, tickets, WebSocket), the page's
 * lifecycle, the voice detector `loadVad`, the address's switches, localStorage, and the
 * page's debug window (`window.__parley`), and what the page does with due reminders.
 */
export function browserCallDeps(
  app: AppStore,
  loadVad: VadLoader,
  reminders?: PageReminders,
): CallDeps {
  return {
    sink: storeSink(app, pageReachability),
    view: storeView(app),
    // Undefined where the page may not use the microphone (an insecure origin).
    devices: navigator.mediaDevices,
    audioContext: (options) => new AudioContext(options),
    relay: {
      socketUrl: () => relayWebSocketUrl(),
      ticket: (signal) => requestTicket(signal).then((t) => t.ticket),
      openSocket: (url) => new WebSocket(url),
      reached: () => pageReachability.reached(),
    },
    page: browserPage(),
    loadVad,
    switches: callSwitches(window.location.search),
    storage: browserStorage(),
    permissions: navigator.permissions,
    debug: { expose: exposeDebug, captureBlock: recordCaptureBlock },
    reminders,
  };
}

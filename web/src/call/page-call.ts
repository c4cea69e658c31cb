import {
  callSwitches,
  createParleyCall,
  type PageReminders,
  type ParleyCall,
  type PageVad,
} from '@parley/client/internal';
import { requestTicket } from '../net/api.ts';
import { pageReachability } from '../net/reachability.ts';
import { relayWebSocketUrl } from '../net/relay-url.ts';
import { browserStorage } from '../state/browser-storage.ts';
import type { AppStore } from '../state/store.ts';
import { exposeDebug, recordCaptureBlock } from './debug-hooks.ts';
import { bindCallToStore } from './store-events.ts';
import { storeView } from './store-view.ts';

/**
 * The page's conversation: the package's call (createParleyCall), on this page's relay (its
 * address, its tickets), its address's switches, localStorage, the page's debug window
 * (`window.__parley`), what the page does with due reminders, and the page's voice detector
 * (`vad`, warmed ahead of the first call) — shown in the page's store (bindCallToStore), which
 * it also reads for the conversation's turn ids, an open question, "Speak replies" and the
 * conversation to continue (the app's transcript is the truth: risk R9).
 */
export function createPageCall(app: AppStore, vad: PageVad, reminders?: PageReminders): ParleyCall {
  const call = createParleyCall(
    {
      relayUrl: relayWebSocketUrl(),
      getTicket: (signal) => requestTicket(signal).then((t) => t.ticket),
      storage: browserStorage(),
      switches: callSwitches(window.location.search),
      debug: { expose: exposeDebug, captureBlock: recordCaptureBlock },
      ...(reminders === undefined ? {} : { reminders }),
      client: { name: 'parley-web', version: '0.1.0' },
    },
    { vad, view: storeView(app) },
  );
  bindCallToStore(call, app, pageReachability);
  return call;
}

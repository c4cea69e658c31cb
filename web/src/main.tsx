import './zod-config.ts';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
// Before every component's styles: theirs refine it.
import './ui/base.css';
import { startErrorTracking } from './error-tracking/error-tracking.ts';
import { App } from './ui/App.tsx';
import './ui/theme.css';
import './ui/styles.css';
import './ui/notices.css';
// A finger's size for every control on a touch screen or a phone (a floor, without specificity).
import './ui/touch.css';
import { applyThemeChoice, loadThemeChoice } from './ui/theme/theme-choice.ts';
import { browserStorage } from './state/browser-storage.ts';
import { appStore } from './state/store.ts';
import { CallContext } from './ui/call-context.ts';
import { createPageCall } from './call/page-call.ts';
import { createVadLoader } from '@parley/client/internal';
import { ringAloud } from './call/ring-aloud.ts';
import { storeSound } from './call/store-view.ts';
import { actions } from './state/store.ts';
import { listenForPushedReminders, pageNotifications } from './reminders/browser-notifications.ts';
import { rungOnThisPage } from './reminders/rung-here.ts';
import { PageIntl, applyDocumentLanguage } from './i18n/PageIntl.tsx';
import { browserLanguages, currentIntl } from './i18n/language.ts';
import { followPreferenceLanguage } from './i18n/preference-language.ts';
import { getPreferences, putPreferences } from './net/settings-api.ts';

// Before anything can fail: error tracking, when the relay has it (nothing is loaded otherwise).
void startErrorTracking();

// The page's language before its first paint (the one it last had here, else the browser's).
applyDocumentLanguage(document, currentIntl());

// The theme chosen in this browser (public/theme-boot.js applied it before the first paint; the
// browser's bar colours follow here).
applyThemeChoice(document, loadThemeChoice(browserStorage()));

// The relay's ops dashboard (admin only) lives at /ops, loaded on its own.
const OpsDashboard = lazy(() => import('./ui/ops/OpsDashboard.tsx'));
const ops = window.location.pathname.replace(/\/+$/, '') === '/ops';

// The page's conversation: one, made here, reached by the UI through CallContext. A reminder
// it rings while out of sight is a notification too (when the user turned them on).
const vad = createVadLoader();
const ring = ringAloud(storeSound(appStore));
const call = createPageCall(appStore, vad, {
  rung: rungOnThisPage,
  ring: (reminder) => {
    void pageNotifications()
      .ringing(reminder)
      .catch(() => undefined);
    return ring(reminder);
  },
});

if (!ops) {
  // The user's language, as they chose it (on their first run, the browser's, kept as theirs).
  // A relay that cannot tell yet (a sign-in pending, away) leaves the page as it is.
  followPreferenceLanguage({ get: getPreferences, put: putPreferences }, browserLanguages()).catch(
    () => undefined,
  );
  // A browser subscribed before keeps the relay's copy of its subscription current (asks
  // nothing of the user).
  void pageNotifications()
    .refresh()
    .catch(() => undefined);
  // A reminder pushed while this page is open and has the focus comes through the service
  // worker (the relay pushes one no open conversation rang): it rings here, once.
  listenForPushedReminders((reminder) => {
    if (rungOnThisPage.has(reminder.id)) return;
    rungOnThisPage.add(reminder.id);
    actions.setRinging(reminder);
    ring(reminder).catch(() => undefined);
  });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PageIntl>
      {ops ? (
        <Suspense fallback={<p>{currentIntl().formatMessage({ id: 'page.loading' })}</p>}>
          <OpsDashboard />
        </Suspense>
      ) : (
        <CallContext value={call}>
          <App />
        </CallContext>
      )}
    </PageIntl>
  </StrictMode>,
);

// Warm the voice detector in the background once the page is up: it stays out of the initial
// bundle, but is ready by the time the user presses Talk.
window.addEventListener('load', () => {
  if (ops) return;
  setTimeout(() => {
    call.warm().catch(() => undefined);
  }, 0);
});

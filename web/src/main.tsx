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
import { browserStorage } from './voice/call/audio-prefs.ts';
import { appStore } from './state/store.ts';
import { CallContext } from './ui/call-context.ts';
import { browserCallDeps } from './voice/call/browser-deps.ts';
import { createCall } from './voice/call/create-call.ts';
import { createVadLoader } from './voice/call/vad-loader.ts';

// Before anything can fail: error tracking, when the relay has it (nothing is loaded otherwise).
void startErrorTracking();

// The theme chosen in this browser (public/theme-boot.js applied it before the first paint; the
// browser's bar colours follow here).
applyThemeChoice(document, loadThemeChoice(browserStorage()));

// The relay's ops dashboard (admin only) lives at /ops, loaded on its own.
const OpsDashboard = lazy(() => import('./ui/ops/OpsDashboard.tsx'));
const ops = window.location.pathname.replace(/\/+$/, '') === '/ops';

// The page's conversation: one, made here, reached by the UI through CallContext.
const vad = createVadLoader();
const call = createCall(browserCallDeps(appStore, vad.load));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {ops ? (
      <Suspense fallback={<p>Loading…</p>}>
        <OpsDashboard />
      </Suspense>
    ) : (
      <CallContext value={call}>
        <App />
      </CallContext>
    )}
  </StrictMode>,
);

// Warm the voice detector in the background once the page is up: it stays out of the initial
// bundle, but is ready by the time the user presses Talk.
window.addEventListener('load', () => {
  if (ops) return;
  setTimeout(() => {
    vad.warm().catch(() => undefined);
  }, 0);
});

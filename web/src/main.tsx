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
import { browserStorage } from './voice/audio-prefs.ts';
import { loadVad } from './voice/vad-loader.ts';

// Before anything can fail: error tracking, when the relay has it (nothing is loaded otherwise).
void startErrorTracking();

// The theme chosen in this browser (public/theme-boot.js applied it before the first paint; the
// browser's bar colours follow here).
applyThemeChoice(document, loadThemeChoice(browserStorage()));

// The relay's ops dashboard (admin only) lives at /ops, loaded on its own.
const OpsDashboard = lazy(() => import('./ui/ops/OpsDashboard.tsx'));
const ops = window.location.pathname.replace(/\/+$/, '') === '/ops';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {ops ? (
      <Suspense fallback={<p>Loading…</p>}>
        <OpsDashboard />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);

// Warm the voice detector in the background once the page is up: it stays out of the initial
// bundle, but is ready by the time the user presses Talk.
window.addEventListener('load', () => {
  if (ops) return;
  setTimeout(() => {
    loadVad().catch(() => undefined);
  }, 0);
});

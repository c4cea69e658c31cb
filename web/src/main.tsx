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
import { loadVad } from './voice/call/vad-loader.ts';

// Before anything can fail: error tracking, when the relay has it (nothing is loaded otherwise).
void startErrorTracking();

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

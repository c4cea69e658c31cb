import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import './ui/styles.css';
import { loadVad } from './voice/vad-loader.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Warm the voice detector in the background once the page is up: it stays out of the initial
// bundle, but is ready by the time the user presses Talk.
window.addEventListener('load', () => {
  setTimeout(() => {
    loadVad().catch(() => undefined);
  }, 0);
});

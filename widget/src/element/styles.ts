/**
 * The widget's style, inside its shadow root: nothing of the page's CSS reaches in, nothing of
 * this reaches out. Themed by custom properties the page may set on the element (or through the
 * colour attributes): `--parley-accent-color`, `--parley-background-color`, `--parley-text-color`,
 * `--parley-font-family`, `--parley-radius`. The defaults keep 4.5:1 contrast (text on the
 * background, white on the accent). Touch targets are 44 px at least; the panel fits a 360 px
 * wide screen with its margins.
 */
export const WIDGET_CSS = `
:host {
  --_accent: var(--parley-accent-color, #1d4ed8);
  --_bg: var(--parley-background-color, #ffffff);
  --_fg: var(--parley-text-color, #1f2328);
  --_radius: var(--parley-radius, 12px);
  display: block;
  font-family: var(--parley-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  font-size: 16px;
  line-height: 1.4;
  color: var(--_fg);
}
[hidden] { display: none !important; }
.root { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; }
.root[data-position='bottom-right'], .root[data-position='bottom-left'] {
  position: fixed;
  bottom: 16px;
  z-index: 2147483000;
  /* The panel opens above the button; in the document it follows it (the focus order). */
  flex-direction: column-reverse;
}
.root[data-position='bottom-right'] { right: 16px; align-items: flex-end; }
.root[data-position='bottom-left'] { left: 16px; }
button, input { font: inherit; }
button {
  min-height: 44px;
  min-width: 44px;
  padding: 0 16px;
  border-radius: 999px;
  border: 2px solid var(--_accent);
  background: var(--_bg);
  color: var(--_fg);
  cursor: pointer;
}
button.primary, .launcher { background: var(--_accent); color: #ffffff; }
button[aria-pressed='true'] { background: var(--_fg); border-color: var(--_fg); color: var(--_bg); }
button:focus-visible, input:focus-visible, .panel:focus-visible {
  outline: 3px solid var(--_accent);
  outline-offset: 2px;
}
.launcher { display: inline-flex; align-items: center; gap: 8px; font-weight: 600; min-height: 48px; }
.launcher svg { width: 20px; height: 20px; fill: currentColor; }
.panel {
  box-sizing: border-box;
  width: min(22rem, calc(100vw - 32px));
  max-height: calc(100vh - 96px);
  overflow-y: auto;
  padding: 16px;
  border-radius: var(--_radius);
  background: var(--_bg);
  color: var(--_fg);
  box-shadow: 0 8px 28px rgba(0, 0, 0, 0.25);
  border: 1px solid rgba(0, 0, 0, 0.15);
  display: flex;
  flex-direction: column;
  gap: 12px;
}
h2 { font-size: 1.05rem; margin: 0; }
p { margin: 0; }
.status { display: flex; align-items: center; gap: 8px; font-weight: 600; }
.level {
  width: 10px;
  height: 10px;
  border-radius: 50%;
  background: var(--_accent);
  transform: scale(calc(0.6 + var(--parley-level, 0) * 1.4));
}
.problem { padding: 8px 12px; border-radius: 8px; border: 2px solid #b42318; }
.words { display: flex; flex-direction: column; gap: 6px; min-height: 1.4em; overflow-wrap: anywhere; }
.who { font-weight: 600; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; }
form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
label { flex-basis: 100%; font-size: 0.9rem; }
input {
  flex: 1 1 10rem;
  min-width: 0;
  min-height: 44px;
  box-sizing: border-box;
  padding: 0 12px;
  border: 2px solid var(--_fg);
  border-radius: 8px;
  background: var(--_bg);
  color: var(--_fg);
}
@media (prefers-reduced-motion: no-preference) { .level { transition: transform 80ms linear; } }
`;

import type { Position } from '../attributes.ts';
import type { WidgetView } from '../view.ts';
import type { Wording } from '../wording.ts';
import { WIDGET_CSS } from './styles.ts';

/** The parts of the shadow DOM the element reads and writes. */
export interface PanelParts {
  root: HTMLElement;
  launcher: HTMLButtonElement;
  launcherText: HTMLElement;
  panel: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  statusText: HTMLElement;
  problem: HTMLElement;
  greeting: HTMLElement;
  heard: HTMLElement;
  heardWho: HTMLElement;
  heardText: HTMLElement;
  reply: HTMLElement;
  replyWho: HTMLElement;
  replyText: HTMLElement;
  call: HTMLButtonElement;
  mute: HTMLButtonElement;
  interrupt: HTMLButtonElement;
  form: HTMLFormElement;
  label: HTMLLabelElement;
  input: HTMLInputElement;
  send: HTMLButtonElement;
}

/** A microphone, drawn (no image file to fetch). */
const MIC_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z"/></svg>';

/**
 * The widget's markup: a region of the page named for the assistant (no content outside a
 * landmark), the talk button first in it (the focus order), then the panel, a non-modal dialog
 * named by its heading. Words are set with `textContent` only (renderView), never as
 * markup: they come from the relay and the page.
 */
const MARKUP = `
<section class="root" part="root">
  <button class="launcher" id="launcher" part="launcher" type="button" aria-expanded="false" aria-controls="panel">${MIC_ICON}<span id="launcher-text"></span></button>
  <div class="panel" id="panel" part="panel" role="dialog" aria-labelledby="title" tabindex="-1" hidden>
    <h2 id="title"></h2>
    <p class="status" id="status" role="status"><span class="level" aria-hidden="true"></span><span id="status-text"></span></p>
    <p class="problem" id="problem" role="alert" hidden></p>
    <div class="words" aria-live="polite">
      <p id="greeting"></p>
      <p id="heard" hidden><span class="who" id="heard-who"></span> <span id="heard-text"></span></p>
      <p id="reply" hidden><span class="who" id="reply-who"></span> <span id="reply-text"></span></p>
    </div>
    <div class="controls">
      <button class="primary" id="call" type="button"></button>
      <button id="mute" type="button" aria-pressed="false" hidden></button>
      <button id="interrupt" type="button" hidden></button>
    </div>
    <form id="form">
      <label id="label" for="text"></label>
      <input id="text" type="text" autocomplete="off" enterkeyhint="send">
      <button id="send" type="submit"></button>
    </form>
  </div>
</section>`;

function part<T extends HTMLElement>(shadow: ShadowRoot, id: string, type: new () => T): T {
  const el = shadow.getElementById(id);
  if (!(el instanceof type)) throw new Error(`parley-voice: #${id} missing from its markup`);
  return el;
}

/** Writes the markup into `shadow` and hands its parts. */
export function buildPanel(shadow: ShadowRoot): PanelParts {
  // A constructed style sheet, not a <style> element: a page whose CSP has no
  // `style-src 'unsafe-inline'` blocks the element but not the sheet.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(WIDGET_CSS);
  shadow.adoptedStyleSheets = [sheet];
  const template = document.createElement('template');
  template.innerHTML = MARKUP;
  shadow.replaceChildren(template.content);
  const root = shadow.querySelector<HTMLElement>('.root');
  if (root === null) throw new Error('parley-voice: .root missing from its markup');
  return {
    root,
    launcher: part(shadow, 'launcher', HTMLButtonElement),
    launcherText: part(shadow, 'launcher-text', HTMLElement),
    panel: part(shadow, 'panel', HTMLElement),
    title: part(shadow, 'title', HTMLElement),
    status: part(shadow, 'status', HTMLElement),
    statusText: part(shadow, 'status-text', HTMLElement),
    problem: part(shadow, 'problem', HTMLElement),
    greeting: part(shadow, 'greeting', HTMLElement),
    heard: part(shadow, 'heard', HTMLElement),
    heardWho: part(shadow, 'heard-who', HTMLElement),
    heardText: part(shadow, 'heard-text', HTMLElement),
    reply: part(shadow, 'reply', HTMLElement),
    replyWho: part(shadow, 'reply-who', HTMLElement),
    replyText: part(shadow, 'reply-text', HTMLElement),
    call: part(shadow, 'call', HTMLButtonElement),
    mute: part(shadow, 'mute', HTMLButtonElement),
    interrupt: part(shadow, 'interrupt', HTMLButtonElement),
    form: part(shadow, 'form', HTMLFormElement),
    label: part(shadow, 'label', HTMLLabelElement),
    input: part(shadow, 'text', HTMLInputElement),
    send: part(shadow, 'send', HTMLButtonElement),
  };
}

/** Sets `el`'s text when it changed (a live region re-announces every write). */
function text(el: HTMLElement, value: string): void {
  if (el.textContent !== value) el.textContent = value;
}

/** Copies `view` (and the fixed words of `w`) onto the parts. */
export function renderView(p: PanelParts, view: WidgetView, w: Wording, position: Position): void {
  p.root.dataset.position = position;
  p.root.setAttribute('aria-label', w.title);
  text(p.launcherText, view.launcher.expanded ? w.close : w.talk);
  p.launcher.title = view.launcher.label;
  p.launcher.setAttribute('aria-expanded', String(view.launcher.expanded));
  p.panel.hidden = !view.launcher.expanded;
  text(p.title, w.title);
  text(p.statusText, view.status);
  p.problem.hidden = view.problem === null;
  text(p.problem, view.problem ?? '');
  p.greeting.hidden = view.greeting === null;
  text(p.greeting, view.greeting ?? '');
  p.heard.hidden = view.heard === '';
  text(p.heardWho, `${w.you}:`);
  text(p.heardText, view.heard);
  p.reply.hidden = view.reply === '';
  text(p.replyWho, `${w.assistant}:`);
  text(p.replyText, view.reply);
  text(p.call, view.callButton.label);
  p.call.dataset.action = view.callButton.action;
  p.call.setAttribute('aria-busy', String(view.callButton.busy));
  p.mute.hidden = !view.mute.shown;
  p.mute.setAttribute('aria-pressed', String(view.mute.pressed));
  text(p.mute, w.mute);
  p.interrupt.hidden = !view.interrupt.shown;
  text(p.interrupt, w.interrupt);
  text(p.label, w.typeLabel);
  text(p.send, w.send);
}

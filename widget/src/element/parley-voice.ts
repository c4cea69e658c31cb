import {
  colourProperties,
  parseSettings,
  WIDGET_ATTRIBUTES,
  type AttributeValues,
  type WidgetSettings,
} from '../attributes.ts';
import type { CreateWidgetCall, LoadCall, WidgetCall } from '../call/call-port.ts';
import { callModuleUrl, moduleCallLoader } from '../call/load-call.ts';
import { widgetEvent, type WidgetEventDetails, type WidgetEventName } from '../events.ts';
import { INITIAL_MODEL, refusedForGood, step, type CallEvent, type WidgetInput } from '../model.ts';
import { ticketFailure, ticketSource, type GetTicket } from '../ticket.ts';
import { problemText, viewOf } from '../view.ts';
import { WORDING } from '../wording.ts';
import { widgetLog } from './console-log.ts';
import { GoOnTalking } from './go-on-talking.ts';
import { buildPanel, renderView, type PanelParts } from './panel.ts';

/** The element's tag. */
export const ELEMENT_NAME = 'parley-voice';

/** The loader's own URL (`document.currentScript.src`), where the call's module is found. */
let loaderUrl: string | null = null;

/** One default loader per call module URL: every element of the page shares its import. */
const defaultLoaders = new Map<string, LoadCall>();

function defaultLoader(url: string): LoadCall {
  let load = defaultLoaders.get(url);
  if (load === undefined) {
    load = moduleCallLoader(url);
    defaultLoaders.set(url, load);
  }
  return load;
}

/** The properties a page may set before the loader has run (see the constructor). */
const PAGE_PROPERTIES = ['getTicket', 'loadCall'] as const;

/**
 * `<parley-voice>`: a talk button that opens a small panel (live words, the reply, mute, end,
 * type instead), in a shadow root. The state is the pure model (model.ts), drawn by the pure view
 * (view.ts); this class only wires the DOM, the call and the page's events to them.
 */
export class ParleyVoiceElement extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return WIDGET_ATTRIBUTES;
  }

  #getTicket: GetTicket | null = null;
  #loadCall: LoadCall | null = null;
  readonly #parts: PanelParts;
  #model = INITIAL_MODEL;
  #call: WidgetCall | null = null;
  /** The settings the call was made with: another relay or language makes another call. */
  #callKey = '';
  #unsubscribe: (() => void)[] = [];
  /** Brings back a conversation the tab's page before handed over. */
  readonly #goOn = new GoOnTalking({
    settings: () => this.#settings(),
    ensureCall: () => this.#ensureCall(),
    callNow: () => this.#model.call,
    input: (input) => this.#input(input),
    talk: () => this.#talk(),
  });

  constructor() {
    super();
    // A page may set a property before the loader (deferred) defines the element: that value is
    // an own property of the element, which would hide the accessor. Taken over here.
    for (const name of PAGE_PROPERTIES) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value: unknown = Reflect.get(this, name);
        Reflect.deleteProperty(this, name);
        Reflect.set(this, name, value);
      }
    }
    this.#parts = buildPanel(this.attachShadow({ mode: 'open' }));
    this.#wire();
  }

  /**
   * Where the call's tickets come from, for script use: a function that returns a fresh ticket
   * (the embedding site's backend asks the relay's `POST /api/session` with its user's JWT).
   * Over `ticket-url`.
   */
  get getTicket(): GetTicket | null {
    return this.#getTicket;
  }
  set getTicket(fn: GetTicket | null) {
    this.#getTicket = typeof fn === 'function' ? fn : null;
  }

  /**
   * Where the call's code comes from (injected for tests and custom builds). Default: the module
   * `widget-call.js` beside the loader, imported at the first press of Talk.
   */
  get loadCall(): LoadCall | null {
    return this.#loadCall;
  }
  set loadCall(fn: LoadCall | null) {
    this.#loadCall = typeof fn === 'function' ? fn : null;
  }

  connectedCallback(): void {
    this.#applyColours();
    this.#render();
    this.#goOn.lookForHandOff();
  }

  disconnectedCallback(): void {
    this.#close(false);
  }

  attributeChangedCallback(name: string): void {
    if (name.endsWith('-color')) this.#applyColours();
    this.#render();
  }

  #settings(): WidgetSettings {
    const values: AttributeValues = {};
    for (const a of WIDGET_ATTRIBUTES) values[a] = this.getAttribute(a);
    return parseSettings(values, {
      pageUrl: location.href,
      loaderUrl,
      fallbackLanguages: [document.documentElement.lang, navigator.language],
    });
  }

  #applyColours(): void {
    const values: AttributeValues = {};
    for (const a of WIDGET_ATTRIBUTES) values[a] = this.getAttribute(a);
    for (const [property, value] of Object.entries(colourProperties(values))) {
      if (value === null) this.style.removeProperty(property);
      else this.style.setProperty(property, value);
    }
  }

  #render(): void {
    const s = this.#settings();
    const w = WORDING[s.locale];
    this.#parts.root.lang = s.locale;
    renderView(this.#parts, viewOf(this.#model, w, s.greeting), w, s.position);
  }

  #emit<E extends WidgetEventName>(name: E, detail: WidgetEventDetails[E]): void {
    this.dispatchEvent(widgetEvent(name, detail));
  }

  /** Steps the model, draws it, and tells the page (and its console) what changed. */
  #input(input: WidgetInput): void {
    const before = this.#model;
    this.#model = step(before, input);
    this.#render();
    const after = this.#model;
    if (after.open !== before.open) this.#emit(after.open ? 'parley-open' : 'parley-close', {});
    // The same problem told twice (the ticket's refusal, then the call's) is told once.
    if (
      after.problem !== null &&
      JSON.stringify(after.problem) !== JSON.stringify(before.problem)
    ) {
      const s = this.#settings();
      const message = problemText(after.problem, WORDING[s.locale]);
      if (after.problem.kind === 'not-allowed')
        widgetLog.error(`${message} The relay does not list this page's origin.`, {
          relay: s.relayUrl,
          origin: location.origin,
          fix: "The relay's operator adds this origin to EMBED_ORIGINS (docs/embedding.md).",
        });
      else widgetLog.warn(message, { problem: after.problem });
      this.#emit('parley-error', { kind: after.problem.kind, message });
    }
  }

  #wire(): void {
    const p = this.#parts;
    p.launcher.addEventListener('click', () => {
      if (this.#model.open) this.#close(true);
      else void this.#talk();
    });
    p.call.addEventListener('click', () => {
      if (p.call.dataset.action === 'end') this.#end();
      else void this.#talk();
    });
    p.mute.addEventListener('click', () => {
      const muted = !this.#model.muted;
      this.#call?.mute(muted);
      this.#input({ type: 'mute', muted });
    });
    p.interrupt.addEventListener('click', () => this.#call?.interrupt());
    p.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#send();
    });
    p.root.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.#model.open) return;
      e.stopPropagation();
      this.#close(true);
    });
  }

  /** Talk: opens the panel, fetches the call's code (the first time) and starts the call. */
  async #talk(): Promise<void> {
    const opening = !this.#model.open;
    this.#input({ type: 'talk' });
    if (opening) this.#parts.panel.focus();
    const call = await this.#ensureCall();
    // Closed, or ended, while the code loaded.
    if (call === null || this.#model.call !== 'loading') return;
    this.#input({ type: 'starting' });
    try {
      await call.start();
    } catch (err) {
      widgetLog.warn('the call did not start', { cause: err });
      this.#input({ type: 'start-failed' });
      return;
    }
    this.#goOn.started(call);
  }

  #end(): void {
    this.#call?.end();
    this.#input({ type: 'end' });
  }

  #close(returnFocus: boolean): void {
    // Whatever is open ends, spoken or typed (a call waiting for its tap is resumed typed):
    // closed, a conversation is not handed to the site's next page.
    this.#call?.end();
    if (this.#model.open) this.#input({ type: 'close' });
    if (returnFocus) this.#parts.launcher.focus();
  }

  async #send(): Promise<void> {
    const text = this.#parts.input.value.trim();
    if (text === '') return;
    this.#input({ type: 'typed' });
    const call = await this.#ensureCall();
    if (call === null) return;
    let sent = false;
    try {
      sent = await call.sendText(text);
    } catch (err) {
      widgetLog.warn('the message was not sent', { cause: err });
    }
    if (sent) this.#parts.input.value = '';
    else this.#input({ type: 'not-sent' });
  }

  /** The call (made at the first use, with the call's code fetched then); null: none to make. */
  async #ensureCall(): Promise<WidgetCall | null> {
    const s = this.#settings();
    const key = JSON.stringify([s.relayUrl, s.ticketUrl, s.language, s.acrossPages]);
    if (this.#call !== null && (key === this.#callKey || this.#model.call === 'on'))
      return this.#call;
    this.#dropCall();
    const relayUrl = s.relayUrl;
    if (relayUrl === null) {
      widgetLog.error('no relay: set the relay attribute (https://relay.example).');
      this.#input({ type: 'no-relay' });
      return null;
    }
    const load = this.#loadCall ?? defaultLoader(callModuleUrl(loaderUrl ?? `${relayUrl}/`));
    let create: CreateWidgetCall;
    try {
      create = await load();
    } catch (err) {
      // A site the relay does not list may not read the call's code (CORS): the ticket
      // exchange, which answers every page, says why (and `#tickets` shows it).
      const tickets = this.#tickets(s, relayUrl);
      const refusal = await tickets(new AbortController().signal).then(() => null, ticketFailure);
      if (refusal !== null && refusedForGood(refusal)) return null;
      widgetLog.warn('the call did not load', { cause: err });
      this.#input({ type: 'load-failed' });
      return null;
    }
    // Another press made it while this one waited for the code.
    if (this.#call !== null) return this.#call;
    const call = create({
      relayUrl,
      getTicket: this.#tickets(s, relayUrl),
      language: s.language,
      endOnPageHide: !s.acrossPages,
    });
    this.#listen(call);
    this.#call = call;
    this.#callKey = key;
    return call;
  }

  #dropCall(): void {
    for (const stop of this.#unsubscribe) stop();
    this.#unsubscribe = [];
    this.#call = null;
  }

  /**
   * The call's ticket function: the page's, `ticket-url` or the relay (ticket.ts). A refusal that
   * asking again cannot change (the site not listed, a sign-in needed) is shown at once.
   */
  #tickets(s: WidgetSettings, relayUrl: string): GetTicket {
    return async (signal) => {
      // The page's function as it is now: a call made at page load (a conversation handed
      // over) asks before a later script of the page has set it.
      const get = ticketSource(
        { getTicket: this.#getTicket, ticketUrl: s.ticketUrl, relayUrl },
        (url, init) => fetch(url, init),
      );
      try {
        return await get(signal);
      } catch (err) {
        const failure = ticketFailure(err);
        if (failure !== null && refusedForGood(failure))
          this.#input({ type: 'ticket-failed', failure });
        throw err;
      }
    };
  }

  #onCall(event: CallEvent): void {
    this.#input({ type: 'call', event });
  }

  #listen(call: WidgetCall): void {
    this.#unsubscribe = [
      call.on('state', (payload) => {
        this.#onCall({ name: 'state', payload });
        this.#emit('parley-state', payload);
      }),
      call.on('connection', (payload) => this.#onCall({ name: 'connection', payload })),
      call.on('partial', (payload) => this.#onCall({ name: 'partial', payload })),
      call.on('transcript', (payload) => {
        this.#onCall({ name: 'transcript', payload });
        this.#emit('parley-transcript', payload);
      }),
      call.on('reply', (payload) => {
        this.#onCall({ name: 'reply', payload });
        this.#emit('parley-reply', payload);
      }),
      call.on('error', (payload) => {
        if (payload.kind === 'unexpected')
          widgetLog.error(`unexpected: ${payload.what}`, { cause: payload.cause });
        this.#onCall({ name: 'error', payload });
      }),
      call.on('level', (payload) => {
        this.#parts.root.style.setProperty('--parley-level', payload.level.toFixed(2));
      }),
      call.on('session', (payload) => {
        this.#onCall({ name: 'session', payload });
        if (payload.kind === 'handed-over') void this.#goOn.handedOver(payload.mode, payload.muted);
      }),
    ];
  }
}

/** Defines `<parley-voice>` (once per page), its call's code found beside `loader`. */
export function defineParleyVoice(loader: string | null): void {
  if (customElements.get(ELEMENT_NAME)) return;
  loaderUrl = loader;
  customElements.define(ELEMENT_NAME, ParleyVoiceElement);
}

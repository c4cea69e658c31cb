import type {
  WidgetCall,
  WidgetCallEventName,
  WidgetCallEvents,
  WidgetCallOptions,
} from '../widget/src/call/call-port.ts';

// A test double of the call's module (`widget-call.js`, which the client package will build):
// served by e2e/widget-element.spec.ts in place of the real one, for the element's own tests. It
// records what the widget asks of the call and lets the spec say what the call would: it is not
// the call, and the end-to-end spec of the widget runs the real one.

/** What the double records and how the spec drives it (`window.__callDouble`). */
export interface CallDouble {
  /** What the widget gave createParleyCall. */
  options: { relayUrl: string; language: string | null };
  /** The tickets the widget's ticket function gave the call. */
  tickets: string[];
  /** Each method the widget called, in order, with its arguments. */
  calls: { method: string; args: unknown[] }[];
  /** The call's event `name` with `payload`, to the widget's listeners. */
  emit(name: string, payload: unknown): void;
}

declare global {
  interface Window {
    __callDouble?: CallDouble;
  }
}

/**
 * §3.2's `createParleyCall`, doubled. `start()` asks the widget's ticket function (the real
 * relay answers it) and then listens, or reports the refusal as the call does with a failure that
 * is not the relay's HTTP client's (client/src/call/failure-text.ts: its message, `refused`).
 * Self-contained: its source is sent to the page as it is (`Function.prototype.toString`).
 */
function createParleyCall(options: WidgetCallOptions): WidgetCall {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: CallDouble['calls'] = [];
  const tickets: string[] = [];
  const emit = (name: string, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  window.__callDouble = {
    options: { relayUrl: options.relayUrl, language: options.language ?? null },
    tickets,
    calls,
    emit,
  };
  return {
    async start() {
      calls.push({ method: 'start', args: [] });
      emit('state', { phase: 'starting' });
      try {
        tickets.push(await options.getTicket(new AbortController().signal));
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        emit('error', { kind: 'start', failure: { kind: 'refused', text }, retry: 'call' });
        emit('state', { phase: 'idle' });
        return;
      }
      emit('connection', { status: 'connected', resumed: false });
      emit('state', { phase: 'listening' });
    },
    end() {
      calls.push({ method: 'end', args: [] });
      emit('state', { phase: 'idle' });
    },
    mute(muted?: boolean) {
      calls.push({ method: 'mute', args: [muted] });
    },
    interrupt() {
      calls.push({ method: 'interrupt', args: [] });
    },
    sendText(text: string) {
      calls.push({ method: 'sendText', args: [text] });
      return Promise.resolve(true);
    },
    on<E extends WidgetCallEventName>(name: E, listener: (e: WidgetCallEvents[E]) => void) {
      const set = listeners.get(name) ?? new Set();
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      listeners.set(name, set);
      return () => set.delete(untyped);
    },
  };
}

/** The double as the module the relay would serve: `export const createParleyCall = …`. */
export const CALL_DOUBLE_MODULE = `export const createParleyCall = ${createParleyCall.toString()};`;

/**
 * What the bench's page records of one press of Talk, on the page's own clock
 * (`performance.now()`): the press, the element's events, and the browser's calls the call
 * makes (its AudioContext, the socket, the detector's worker, the microphone, the worklets). The browser's
 * constructors and methods are wrapped to note the time and pass everything through: the call
 * runs as on any page. Installed before the page's scripts (`page.addInitScript`), which a CSP
 * does not govern.
 */

/** The name the probe keeps its record under, on `window`. */
export const PROBE_GLOBAL = '__widgetStart';

/** What the probe has recorded, read back by the bench (page clock, ms). */
export interface ProbeRecord {
  /** The first time each point was reached: `click`, `open`, `state:<phase>`, `socket.new`, … */
  marks: Record<string, number>;
  /** Timed calls: `[name, start, end]` (the worklets' `addModule`). */
  spans: [string, number, number][];
  /** The detector's worker's own timings of its load (`loaded`), ms. */
  vad: { modelFetchMs: number; sessionMs: number; warmUpMs: number } | null;
  /** The final words heard of the first user turn, if any. */
  heard: string | null;
  /** The problems the element told the page (`parley-error`). */
  errors: string[];
  /** `performance.timeOrigin` (epoch ms): to put the browser's network timings on this clock. */
  timeOrigin: number;
  /** This page's resource timings for the relay and the site (cross-origin: start and end only). */
  resources: { name: string; start: number; end: number }[];
}

/**
 * The init script (plain JavaScript: it runs in the page). The element's events bubble out of
 * its shadow root (`composed`), so the document hears them before the element exists.
 */
export const PROBE_SCRIPT = `(() => {
  const record = { marks: {}, spans: [], vad: null, heard: null, errors: [] };
  window.${PROBE_GLOBAL} = record;
  const now = () => performance.now();
  // The bench's waits (a page's CSP may forbid the evaluated predicates of a polling wait).
  let waiters = [];
  const told = () => (waiters = waiters.filter((check) => !check()));
  window.${PROBE_GLOBAL}Until = (names, timeoutMs) =>
    new Promise((resolve) => {
      const check = () => {
        const hit = names.find((n) => n in record.marks) ?? (record.errors.length > 0 ? 'error' : null);
        if (hit !== null) resolve(hit);
        return hit !== null;
      };
      if (check()) return;
      waiters.push(check);
      setTimeout(() => resolve('timeout'), timeoutMs);
    });
  const mark = (name, at) => {
    if (name in record.marks) return;
    record.marks[name] = at === undefined ? now() : at;
    told();
  };
  // The press itself (capture: before the element's own handler runs); the event's time is when
  // the browser made it.
  addEventListener('click', (e) => mark('click', e.timeStamp), true);
  document.addEventListener('parley-open', () => mark('open'));
  document.addEventListener('parley-state', (e) => mark('state:' + (e.detail && e.detail.phase)));
  document.addEventListener('parley-reply', () => mark('reply'));
  document.addEventListener('parley-transcript', (e) => {
    const d = e.detail || {};
    if (d.final && !d.typed && record.heard === null) {
      record.heard = String(d.text);
      mark('heard');
    }
  });
  document.addEventListener('parley-error', (e) => {
    record.errors.push(String(e.detail && e.detail.message));
    told();
  });

  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      mark('socket.new');
      this.addEventListener('open', () => mark('socket.open'));
      const onMessage = (e) => {
        let type = null;
        try { type = JSON.parse(e.data).type; } catch { return; }
        if (type !== 'ready') return;
        mark('socket.ready');
        this.removeEventListener('message', onMessage);
      };
      this.addEventListener('message', onMessage);
    }
  };

  const NativeContext = window.AudioContext;
  window.AudioContext = class extends NativeContext {
    constructor(...args) {
      mark('context.asked');
      super(...args);
      mark('context.made');
    }
  };

  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      mark('worker.new');
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (!d || d.type !== 'loaded') return;
        mark('vad.loaded');
        record.vad = d.timings;
      });
    }
  };

  const devices = navigator.mediaDevices;
  if (devices) {
    const ask = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints) => {
      mark('mic.asked');
      return ask(constraints).then((stream) => {
        mark('mic.open');
        return stream;
      });
    };
  }

  if (window.AudioWorklet) {
    const add = AudioWorklet.prototype.addModule;
    AudioWorklet.prototype.addModule = function (url, options) {
      const start = now();
      const name = 'worklet ' + String(url).split('/').pop().replace(/-[\\w-]{8}\\.js$/, '');
      return add.call(this, url, options).then((v) => {
        record.spans.push([name, start, now()]);
        return v;
      });
    };
  }
})();`;

/**
 * An expression for `evaluate` that waits (events, not polling) until one of `marks` is reached
 * or the element told of a problem, at most `timeoutMs`: the mark reached, `error` or `timeout`.
 */
export function untilMarked(marks: readonly string[], timeoutMs: number): string {
  return `window.${PROBE_GLOBAL}Until(${JSON.stringify(marks)}, ${timeoutMs})`;
}

/** Reads the record back, with the page's resource timings (an expression for `evaluate`). */
export const READ_PROBE = `(() => ({
  ...window.${PROBE_GLOBAL},
  timeOrigin: performance.timeOrigin,
  resources: performance.getEntriesByType('resource').map((r) => ({
    name: r.name,
    start: r.startTime,
    end: r.responseEnd,
  })),
}))()`;

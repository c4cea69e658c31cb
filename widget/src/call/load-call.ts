import type { CreateWidgetCall, LoadCall } from './call-port.ts';

/**
 * The call's module, beside the loader on the relay (`widget.js` → `widget-call.js`): an ES
 * module whose `createParleyCall` is §3.2's. It carries the VAD, onnxruntime and Opus, so it is
 * fetched at the first press of Talk, never with the loader.
 */
export const CALL_MODULE_FILE = 'widget-call.js';

/** The call module's URL: {@link CALL_MODULE_FILE} in the loader's own folder. */
export function callModuleUrl(loaderUrl: string): string {
  return new URL(CALL_MODULE_FILE, loaderUrl).href;
}

/** The module the call comes from failed to load, or is not the call. */
export class CallLoadError extends Error {
  override name = 'CallLoadError';
}

/**
 * The default {@link LoadCall}: imports the module at `url` once (a second press reuses it; a
 * failed import is tried again at the next press) and hands its `createParleyCall`. `load` is
 * the dynamic import (injected for tests).
 */
export function moduleCallLoader(
  url: string,
  load: (url: string) => Promise<unknown> = (u) => import(/* @vite-ignore */ u),
): LoadCall {
  let pending: Promise<CreateWidgetCall> | null = null;
  return () => {
    pending ??= load(url).then(
      (module) => {
        const create = (module as { createParleyCall?: unknown } | null)?.createParleyCall;
        if (typeof create !== 'function') throw new CallLoadError(`${url} has no createParleyCall`);
        return create as CreateWidgetCall;
      },
      (err: unknown) => {
        throw new CallLoadError(`${url} did not load: ${String(err)}`);
      },
    );
    pending.catch(() => (pending = null));
    return pending;
  };
}

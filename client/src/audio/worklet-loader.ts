/**
 * Adds an AudioWorklet module to a context once: capture and playback share one context, and
 * `addModule` twice for the same URL would evaluate the script twice (and throw on
 * `registerProcessor` of a name already registered).
 */
const loaded = new WeakMap<BaseAudioContext, Map<string, Promise<void>>>();

/** Resolves when the module at `url` is loaded into `context` (loading it on the first call). */
export function addWorkletModule(context: BaseAudioContext, url: string): Promise<void> {
  let modules = loaded.get(context);
  if (modules === undefined) {
    modules = new Map();
    loaded.set(context, modules);
  }
  let promise = modules.get(url);
  if (promise === undefined) {
    promise = context.audioWorklet.addModule(url);
    // A failed load may be retried.
    promise.catch(() => modules.delete(url));
    modules.set(url, promise);
  }
  return promise;
}

/**
 * Starting a module worker whose script may be on another origin than the page's. `new Worker()`
 * refuses such a script (a widget's page loads the call from the relay's origin:
 * docs/design/client-package.md §2.3), so there the worker starts from a same-origin `blob:`
 * module that imports the script. The import is fetched in CORS mode (the script's server must
 * let the page read it), and the script keeps its own `import.meta.url`, so what it finds
 * relative to itself (its chunks, the VAD's assets) is found where it was built to be. The page's
 * CSP must allow `worker-src blob:` (docs/embedding.md).
 */

/** What the caller uses of a `Worker` (a fake in tests). */
export interface ModuleWorker {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

/** What a module worker is started with: the browser's by default, fakes in tests. */
export interface WorkerStarter {
  Worker: new (url: string | URL, options: WorkerOptions) => ModuleWorker;
  /** The page's address: scripts are resolved against it, and compared with its origin. */
  pageUrl: string;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

/** A worker just made, and what frees its trampoline once it has loaded (or failed). */
export interface StartedWorker {
  worker: ModuleWorker;
  /** Frees the `blob:` URL it was started from, if any. Call once its script has run. */
  readonly release: () => void;
}

/** The browser's {@link WorkerStarter}. */
export function browserWorkerStarter(): WorkerStarter {
  return {
    Worker,
    pageUrl: location.href,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => {
      URL.revokeObjectURL(url);
    },
  };
}

/** The source of the same-origin module that runs the absolute `scriptUrl` in a worker. */
export function trampolineSource(scriptUrl: string): string {
  return `import ${JSON.stringify(scriptUrl)};\n`;
}

/**
 * Starts `scriptUrl` (absolute, or relative to the page) as a module worker: directly when it is
 * on the page's origin, else through a `blob:` module that imports it. The `blob:` URL is kept
 * until {@link StartedWorker.release}: an engine may fetch it after the constructor returns.
 */
export function startModuleWorker(scriptUrl: string, starter: WorkerStarter): StartedWorker {
  const script = new URL(scriptUrl, starter.pageUrl);
  if (script.origin === new URL(starter.pageUrl).origin)
    return { worker: new starter.Worker(script, { type: 'module' }), release: () => undefined };
  const blobUrl = starter.createObjectURL(
    new Blob([trampolineSource(script.href)], { type: 'text/javascript' }),
  );
  let worker: ModuleWorker;
  try {
    worker = new starter.Worker(blobUrl, { type: 'module' });
  } catch (err) {
    starter.revokeObjectURL(blobUrl);
    throw err;
  }
  let released = false;
  return {
    worker,
    release: () => {
      if (released) return;
      released = true;
      starter.revokeObjectURL(blobUrl);
    },
  };
}

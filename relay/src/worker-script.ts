import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** How to start a worker thread: its bundled script, or (from the .ts sources) an eval'd loader. */
export type WorkerSpec = { kind: 'file'; url: URL } | { kind: 'eval'; code: string };

/**
 * Where the worker `name` lives, seen from the module at `moduleUrl` (its `import.meta.url`).
 * Bundled (`dist/main.js`), that module's URL is the bundle's, so the worker is the separately
 * emitted `dist/<name>.js` (see build.mjs). From the .ts sources (vitest, tsx), Node 20 cannot
 * apply tsx's loader hooks inside a worker, so the worker starts as a tiny eval'd script that
 * loads `<name>.ts` (beside that module) through tsx's CommonJS API instead (dev only, ~0.1–0.3 s).
 */
export function workerScript(moduleUrl: string, name: string): WorkerSpec {
  if (!moduleUrl.endsWith('.ts')) return { kind: 'file', url: new URL(`./${name}.js`, moduleUrl) };
  const file = fileURLToPath(new URL(`./${name}.ts`, moduleUrl));
  let tsx: string;
  try {
    tsx = createRequire(moduleUrl).resolve('tsx/cjs/api');
  } catch {
    throw new Error(`Running the relay from .ts sources needs tsx installed (for ${name})`);
  }
  return {
    kind: 'eval',
    code: `require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, ${JSON.stringify(file)});`,
  };
}

/** Starts the worker `spec` describes. It gets none of the parent's flags (test runners add loaders). */
export function startWorker(spec: WorkerSpec, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  return spec.kind === 'file'
    ? new Worker(spec.url, { ...options, execArgv: [] })
    : new Worker(spec.code, { ...options, eval: true, execArgv: [] });
}

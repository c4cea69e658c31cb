import { describe, expect, it } from 'vitest';
import {
  startModuleWorker,
  trampolineSource,
  type ModuleWorker,
  type WorkerStarter,
} from './module-worker.ts';

/** A `Worker` that only records how it was made. */
class FakeWorker implements ModuleWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(
    readonly url: string | URL,
    readonly options: WorkerOptions,
  ) {}
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

/**
 * A page at `pageUrl`: `workers` are the workers it made, `made` the `blob:` URLs, `live` their
 * blobs until revoked.
 */
function page(pageUrl: string, refuse = false) {
  const made: string[] = [];
  const live = new Map<string, Blob>();
  const workers: FakeWorker[] = [];
  const starter: WorkerStarter = {
    Worker: class extends FakeWorker {
      constructor(url: string | URL, options: WorkerOptions) {
        super(url, options);
        if (refuse) throw new Error('SecurityError');
        workers.push(this);
      }
    },
    pageUrl,
    createObjectURL: (blob) => {
      const url = `blob:${new URL(pageUrl).origin}/${made.length + 1}`;
      made.push(url);
      live.set(url, blob);
      return url;
    },
    revokeObjectURL: (url) => {
      live.delete(url);
    },
  };
  /** The text of a live `blob:` URL, or null once it is revoked. */
  const blobText = async (url: string): Promise<string | null> => {
    const blob = live.get(url);
    return blob === undefined ? null : blob.text();
  };
  return { starter, made, workers, blobText };
}

describe('startModuleWorker', () => {
  it('starts a script of the page’s origin directly, as a module', () => {
    const { starter, made, workers } = page('https://relay.example/chat/');
    const { worker, release } = startModuleWorker('/assets/vad-worker-1a2b.js', starter);
    const [fake] = workers;
    expect(worker).toBe(fake);
    expect(String(fake?.url)).toBe('https://relay.example/assets/vad-worker-1a2b.js');
    expect(fake?.options).toEqual({ type: 'module' });
    expect(made).toEqual([]);
    release();
  });

  it('starts a script of another origin from a same-origin blob: module that imports it', async () => {
    const { starter, made, workers, blobText } = page('https://shop.example/products/7');
    const script = 'https://relay.example/widget/assets/vad-worker-1a2b.js';
    const { worker, release } = startModuleWorker(script, starter);
    const [fake] = workers;
    expect(worker).toBe(fake);
    expect(made).toHaveLength(1);
    expect(fake?.url).toBe(made[0]);
    expect(String(fake?.url)).toMatch(/^blob:/);
    expect(fake?.options).toEqual({ type: 'module' });
    // The trampoline imports the script by its absolute URL, so the script's import.meta.url
    // (and what it finds beside itself) stays the relay's.
    expect(await blobText(made[0] ?? '')).toBe(`import "${script}";\n`);
    // Kept until the worker has loaded, then freed (twice is harmless).
    release();
    release();
    expect(await blobText(made[0] ?? '')).toBeNull();
  });

  it('frees the blob: URL when the worker cannot be made', async () => {
    const { starter, made, blobText } = page('https://shop.example/', true);
    expect(() => startModuleWorker('https://relay.example/assets/w.js', starter)).toThrow(
      'SecurityError',
    );
    expect(made).toHaveLength(1);
    expect(await blobText(made[0] ?? '')).toBeNull();
  });

  it('writes the script’s URL as a string literal, whatever it holds', () => {
    const odd = 'https://relay.example/a"b\\c/w.js';
    expect(trampolineSource(odd)).toBe(`import ${JSON.stringify(odd)};\n`);
  });
});

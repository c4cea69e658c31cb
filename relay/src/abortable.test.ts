import { afterEach, describe, expect, it } from 'vitest';
import { abortable } from './abortable.ts';

/** Rejections no one handled while a test ran (Node reports them after the microtask queue). */
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

/** Lets Node run its unhandled-rejection check (it runs after the microtasks of a macrotask). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('abortable', () => {
  afterEach(() => {
    process.off('unhandledRejection', record);
    unhandled.length = 0;
  });

  it('settles as the promise does while the signal stays quiet', async () => {
    await expect(abortable(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    const failing = Promise.reject(new Error('provider down'));
    await expect(abortable(failing, new AbortController().signal)).rejects.toThrow('provider down');
  });

  it('rejects with the reason as soon as the signal aborts', async () => {
    const abort = new AbortController();
    const pending = abortable(new Promise<never>(() => undefined), abort.signal);
    abort.abort(new Error('ended by the user'));
    await expect(pending).rejects.toThrow('ended by the user');
  });

  it('leaves no unhandled rejection when the signal was already aborted and the work fails later', async () => {
    process.on('unhandledRejection', record);
    const abort = new AbortController();
    abort.abort(new Error('ended by the user'));
    let fail: (err: Error) => void = () => undefined;
    const work = new Promise<never>((_, reject) => (fail = reject));
    await expect(abortable(work, abort.signal)).rejects.toThrow('ended by the user');
    fail(new Error('recogniser stopped'));
    await settle();
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('leaves no unhandled rejection when the work fails after the signal aborted it', async () => {
    process.on('unhandledRejection', record);
    const abort = new AbortController();
    let fail: (err: Error) => void = () => undefined;
    const work = new Promise<never>((_, reject) => (fail = reject));
    const raced = abortable(work, abort.signal);
    abort.abort(new Error('interrupted'));
    await expect(raced).rejects.toThrow('interrupted');
    fail(new Error('stream closed'));
    await settle();
    await settle();
    expect(unhandled).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { FORWARDED_OPTIONAL, HeldAsrStream } from './held-asr-stream.ts';
import type { AsrCapabilities, AsrResult, AsrStream } from './stages/asr.ts';

function counter() {
  let count = 0;
  return {
    release: () => {
      count++;
    },
    count: () => count,
  };
}

function stream(finish: () => Promise<AsrResult>): AsrStream {
  return { write: () => undefined, finish, abort: () => undefined };
}

const never = () => new Promise<AsrResult>(() => undefined);

describe('HeldAsrStream', () => {
  it('releases every hold once finish has settled, resolved or rejected', async () => {
    for (const finish of [
      () => Promise.resolve({ text: 'hi', audioMs: 100 }),
      () => Promise.reject(new Error('down')),
    ]) {
      const [slot, lease] = [counter(), counter()];
      const held = new HeldAsrStream(stream(finish), new AbortController().signal, [
        slot.release,
        lease.release,
      ]);
      const result = held.finish();
      expect([slot.count(), lease.count()]).toEqual([0, 0]);
      await result.catch(() => undefined);
      expect([slot.count(), lease.count()]).toEqual([1, 1]);
    }
  });

  it('releases every hold once on abort, by call or by signal, and aborts the stream', () => {
    const [slot, lease] = [counter(), counter()];
    const controller = new AbortController();
    let aborted = 0;
    const held = new HeldAsrStream(
      { ...stream(never), abort: () => aborted++ },
      controller.signal,
      [slot.release, lease.release],
    );
    controller.abort();
    held.abort();
    expect([slot.count(), lease.count()]).toEqual([1, 1]);
    expect(aborted).toBe(1);
    // Started on a signal aborted already: released at once.
    const late = counter();
    new HeldAsrStream(stream(never), controller.signal, [late.release]);
    expect(late.count()).toBe(1);
  });

  it('forwards every member: write, and each optional one the stream has (only then)', async () => {
    const calls: string[] = [];
    const samples = new Int16Array(4);
    const cut = { ready: () => true };
    const capabilities: Partial<AsrCapabilities> = { cut };
    const full: Required<AsrStream> = {
      write: (s) => calls.push(s === samples ? 'write' : 'write?'),
      finish: never,
      abort: () => calls.push('abort'),
      serving: () => ({ id: 'beta', label: 'Beta' }),
      snapshot: () => Promise.resolve({ text: 'so far', audioMs: 1 }),
      capability: (name) => capabilities[name] ?? null,
    };
    const held = new HeldAsrStream(full, new AbortController().signal, []);
    held.write(samples);
    expect(calls).toEqual(['write']);
    for (const name of Object.keys(FORWARDED_OPTIONAL) as (keyof typeof FORWARDED_OPTIONAL)[]) {
      const member = held[name];
      expect(member, name).toBeTypeOf('function');
      expect(await member?.('cut')).toEqual(await full[name]('cut'));
    }
    const plain = new HeldAsrStream(stream(never), new AbortController().signal, []);
    for (const name of Object.keys(FORWARDED_OPTIONAL)) expect(name in plain, name).toBe(false);
  });
});

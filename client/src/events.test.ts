import { describe, expect, it } from 'vitest';
import { Emitter } from './events.ts';

interface Events {
  said: { text: string };
  count: number;
}

describe('Emitter', () => {
  it('calls the listeners of an event synchronously, in the order they were added', () => {
    const e = new Emitter<Events>();
    const heard: string[] = [];
    e.on('said', ({ text }) => heard.push(`a:${text}`));
    e.on('said', ({ text }) => heard.push(`b:${text}`));
    e.on('count', (n) => heard.push(`count:${String(n)}`));
    e.emit('said', { text: 'hi' });
    heard.push('after');
    e.emit('count', 2);
    expect(heard).toEqual(['a:hi', 'b:hi', 'after', 'count:2']);
  });

  it('stops calling a listener once its off is called (twice is harmless), the others go on', () => {
    const e = new Emitter<Events>();
    const heard: number[] = [];
    const off = e.on('count', (n) => heard.push(n));
    e.on('count', (n) => heard.push(n * 10));
    e.emit('count', 1);
    off();
    off();
    e.emit('count', 2);
    expect(heard).toEqual([1, 10, 20]);
  });

  it('calls a listener added twice twice, and each off removes one', () => {
    const e = new Emitter<Events>();
    const heard: number[] = [];
    const listener = (n: number) => heard.push(n);
    const off = e.on('count', listener);
    e.on('count', listener);
    e.emit('count', 1);
    off();
    e.emit('count', 2);
    expect(heard).toEqual([1, 1, 2]);
  });

  it('reports a listener that throws and still calls the ones after it', () => {
    const reported: unknown[] = [];
    const e = new Emitter<Events>((err) => reported.push(err));
    const heard: number[] = [];
    const boom = new Error('listener bug');
    e.on('count', () => {
      throw boom;
    });
    e.on('count', (n) => heard.push(n));
    expect(() => e.emit('count', 3)).not.toThrow();
    expect(heard).toEqual([3]);
    expect(reported).toEqual([boom]);
  });

  it('by default throws a listener’s error again in a microtask, after the event', async () => {
    const e = new Emitter<Events>();
    const boom = new Error('listener bug');
    e.on('count', () => {
      throw boom;
    });
    const thrown: unknown[] = [];
    const realQueue = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (task) =>
      realQueue(() => {
        try {
          task();
        } catch (err) {
          thrown.push(err);
        }
      });
    try {
      e.emit('count', 1);
      expect(thrown).toEqual([]);
      await expect.poll(() => thrown).toEqual([boom]);
    } finally {
      globalThis.queueMicrotask = realQueue;
    }
  });

  it('held: tells what was emitted before its listeners came, in order, in the next microtask', async () => {
    const e = new Emitter<Events>();
    e.holdForListeners();
    e.emit('count', 1);
    e.emit('said', { text: 'a' });
    const heard: unknown[] = [];
    e.on('count', (n) => heard.push(n));
    e.on('said', (s) => heard.push(s.text));
    e.emit('count', 2);
    expect(heard).toEqual([]);
    await Promise.resolve();
    expect(heard).toEqual([1, 'a', 2]);
    // Told now once the hold is over.
    e.emit('count', 3);
    expect(heard).toEqual([1, 'a', 2, 3]);
  });

  it('does nothing for an event nobody listens to', () => {
    expect(() => new Emitter<Events>().emit('said', { text: 'x' })).not.toThrow();
  });
});

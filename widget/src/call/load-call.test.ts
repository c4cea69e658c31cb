import { describe, expect, it } from 'vitest';
import type { CreateWidgetCall } from './call-port.ts';
import { CallLoadError, callModuleUrl, moduleCallLoader } from './load-call.ts';

describe('the call’s code, loaded at the first Talk', () => {
  it('is the module beside the loader', () => {
    expect(callModuleUrl('https://relay.example/widget.js')).toBe(
      'https://relay.example/widget-call.js',
    );
    expect(callModuleUrl('https://cdn.example/parley/1.2/widget.js?v=3')).toBe(
      'https://cdn.example/parley/1.2/widget-call.js',
    );
  });

  it('is imported once, however many presses ask for it', async () => {
    const create: CreateWidgetCall = () => {
      throw new Error('not made in this test');
    };
    const imported: string[] = [];
    const load = moduleCallLoader('https://relay.example/widget-call.js', (url) => {
      imported.push(url);
      return Promise.resolve({ createParleyCall: create });
    });
    expect(imported).toEqual([]);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(create);
    expect(b).toBe(create);
    expect(await load()).toBe(create);
    expect(imported).toEqual(['https://relay.example/widget-call.js']);
  });

  it('fails plainly, and is tried again at the next press', async () => {
    let attempts = 0;
    const load = moduleCallLoader('https://relay.example/widget-call.js', () => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : Promise.resolve({ somethingElse: true });
    });
    await expect(load()).rejects.toThrow(CallLoadError);
    await expect(load()).rejects.toThrow(/has no createParleyCall/);
    expect(attempts).toBe(2);
  });
});

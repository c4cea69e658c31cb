import { describe, expect, it } from 'vitest';
import { MicPermission } from './mic-permission.ts';

/** A PermissionStatus whose state the test changes. */
class FakeStatus extends EventTarget {
  constructor(public state: PermissionState) {
    super();
  }
  set(state: PermissionState) {
    this.state = state;
    this.dispatchEvent(new Event('change'));
  }
}

const reader = (status: FakeStatus) => ({
  query: () => Promise.resolve(status as unknown as PermissionStatus),
});

describe('MicPermission', () => {
  it('follows the browser: a granted microphone asks nothing, a revoked one may prompt again', async () => {
    const status = new FakeStatus('granted');
    const permission = new MicPermission();
    expect(permission.mayPrompt).toBe(true);
    permission.watch(reader(status));
    await Promise.resolve();
    await Promise.resolve();
    expect(permission.mayPrompt).toBe(false);
    status.set('prompt');
    expect(permission.mayPrompt).toBe(true);
    status.set('denied');
    expect(permission.mayPrompt).toBe(true);
  });

  it('where the browser cannot say, it may prompt', async () => {
    const permission = new MicPermission();
    permission.watch({ query: () => Promise.reject(new TypeError('unknown permission')) });
    await new Promise((r) => setTimeout(r, 0));
    expect(permission.mayPrompt).toBe(true);
    new MicPermission().watch(undefined);
  });
});

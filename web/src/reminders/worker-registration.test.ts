import { afterEach, describe, expect, it, vi } from 'vitest';
import { activeRegistration, type WorkerContainer } from './worker-registration.ts';

afterEach(() => {
  vi.useRealTimers();
});

const registration = (active: boolean) =>
  ({ active: active ? {} : null }) as unknown as ServiceWorkerRegistration;

/** A container whose worker is registered, and active, `readyAfterMs` from now (null: never). */
function container(found: ServiceWorkerRegistration | undefined, readyAfterMs: number | null) {
  const ready = new Promise<ServiceWorkerRegistration>((resolve) => {
    if (readyAfterMs !== null) setTimeout(() => resolve(registration(true)), readyAfterMs);
  });
  return {
    getRegistration: () => Promise.resolve(found),
    ready,
  } as unknown as WorkerContainer;
}

describe('activeRegistration', () => {
  it('waits for a worker not registered yet when asked (Settings opened as the page loads)', async () => {
    vi.useFakeTimers();
    const found = activeRegistration(container(undefined, 1_500), 5_000);
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(found).resolves.toMatchObject({ active: {} });
  });

  it('gives the active registration at once, and null where no worker comes in time', async () => {
    vi.useFakeTimers();
    const active = registration(true);
    await expect(activeRegistration(container(active, null), 5_000)).resolves.toBe(active);
    const none = activeRegistration(container(undefined, null), 5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(none).resolves.toBeNull();
    await expect(activeRegistration(undefined)).resolves.toBeNull();
  });
});

/** Longest wait for the service worker to be active before going on without it (ms). */
export const WORKER_WAIT_MS = 5_000;

/** What of `navigator.serviceWorker` the wait reads. */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'getRegistration' | 'ready'>;

/**
 * The service worker's registration once it is active; null where there is none within
 * `waitMs`. A page asked early (Settings opened as the app loads, on a slow phone) may find no
 * registration yet: the app registers its worker once the page has loaded, so that is waited for
 * like a worker still installing, not taken for a browser without service workers.
 */
export async function activeRegistration(
  container: WorkerContainer | undefined,
  waitMs = WORKER_WAIT_MS,
): Promise<ServiceWorkerRegistration | null> {
  if (!container) return null;
  const registration = await container.getRegistration();
  if (registration?.active) return registration;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([container.ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

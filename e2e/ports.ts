import { test } from '@playwright/test';
import { E2E_PORT } from '../playwright.config.ts';

/** Ports a worker may use for the relays and proxies its specs start: E2E_PORT + 1 … + 99. */
const PORTS_PER_WORKER = 100;

/**
 * The port `offset` above the webServer's for the running test's worker: two workers running
 * specs that start their own relay (or the same spec in the desktop and phone projects) never
 * share one. Call it inside a test or hook.
 */
export function specPort(offset: number): number {
  return E2E_PORT + offset + PORTS_PER_WORKER * (test.info().parallelIndex + 1);
}

import { expect } from 'vitest';
import type { TalkClient, TurnRecord } from '../src/talk/client.ts';
import type { TestRelay } from './harness.ts';

/** The admin bearer token of the failover tests' relays. */
export const ADMIN = 'admin-token-for-tests-0123456789';

/**
 * What the failover tests' relays share: a stream silent for half a second has stalled, two
 * failures in a row open a breaker that stays open (no health probe closes it), and the admin
 * API is on to reset breakers between tests.
 */
export const BREAKERS = {
  STREAM_STALL_TIMEOUT_S: '0.5',
  BREAKER_FAILURES: '2',
  BREAKER_COOLDOWN_S: '600',
  HEALTH_PROBE_INTERVAL_S: '0',
  ADMIN_TOKEN: ADMIN,
};

let turnIds = 0;

/** Types `text` as a user turn and waits for its end (turn ids only increase). */
export async function ask(client: TalkClient, text: string): Promise<TurnRecord> {
  const turnId = ++turnIds;
  client.send({ type: 'user.text', turnId, text });
  return client.waitForTurn(turnId, 20_000);
}

/** Closes the breakers of the providers `ids` through the admin API. */
export async function resetBreakers(relay: TestRelay, ids: string[]): Promise<void> {
  for (const id of ids) {
    const res = await fetch(`${relay.url}/api/admin/providers/${encodeURIComponent(id)}/reset`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(200);
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsOverview } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const ADMIN = 'ops-admin-token-0123456789abcdef';

describe('the ops overview', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ ADMIN_TOKEN: ADMIN });
  });
  afterAll(() => relay.close());

  const overview = (token?: string) =>
    fetch(`${relay.url}/api/admin/overview`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });

  it('is for the admin only', async () => {
    expect((await overview()).status).toBe(401);
    expect((await overview('someone-else-token-000000000000')).status).toBe(401);
  });

  it('shows active sessions, the last turns with their timings, latency and providers', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is twelve times seven' });
    await client.waitForTurn(1);
    const res = await overview(ADMIN);
    expect(res.status).toBe(200);
    const o = opsOverview.parse(await res.json());
    expect(o.sessionsActive).toBe(1);
    expect(o.recentTurns[0]).toMatchObject({
      userText: 'what is twelve times seven',
      assistantText: '12 times 7 is 84.',
    });
    expect(o.recentTurns[0]?.timings.llmFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(o.latency.llmFirstTokenMs.count).toBe(1);
    expect(o.providers.map((p) => p.health)).toEqual(['HEALTHY', 'HEALTHY', 'HEALTHY', 'HEALTHY']);
    expect(o.perMinute.reduce((n, m) => n + m.turns, 0)).toBe(1);
    expect(o.process.rssBytes).toBeGreaterThan(10_000_000);
    client.close();
  });

  it('counts a reply the user cut short as interrupted, not completed', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    const before = opsOverview.parse(await (await overview(ADMIN)).json()).statuses;
    client.send({ type: 'user.text', turnId: 1, text: 'what can you do' });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('completed');
    // The user stops listening after the first sentence (the interrupt control, or speech).
    client.send({
      type: 'interrupt',
      turnId: 1,
      playedSamples: turn.segments[1]?.startSample ?? 0,
    });
    const after = async () => opsOverview.parse(await (await overview(ADMIN)).json());
    await expect.poll(async () => (await after()).statuses.interrupted ?? 0).toBe(1);
    const o = await after();
    expect(o.statuses.completed ?? 0).toBe(before.completed ?? 0);
    expect(o.recentTurns[0]).toMatchObject({ userText: 'what can you do', status: 'interrupted' });
    expect(o.recentTurns[0]?.assistantText).toBe(turn.segments[0]?.text);
    client.close();
  });
});

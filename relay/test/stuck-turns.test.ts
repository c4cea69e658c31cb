import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsOverview } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { scrapeRelay } from './prometheus-text.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

const KEY = 'sk-stuck-turn-0123456789';
const ADMIN = 'stuck-admin-token-0123456789abcdef';

/** A relay (with `env`) whose language model accepts every request and never answers. */
async function withHangingModel(
  env: Record<string, string>,
): Promise<{ relay: TestRelay; openai: FakeOpenAi }> {
  const openai = await startFakeOpenAi({ apiKey: KEY });
  openai.setFault('chat', { kind: 'hang' });
  const relay = await startTestRelay({
    LLM_PROVIDERS: 'openai',
    ...openAiRelayEnv(openai, KEY),
    ...env,
  });
  return { relay, openai };
}

/**
 * A language model that accepts the request and never answers (well within its own first-token
 * timeout, 10 s): the stuck-turn watchdog, with thresholds of a fraction of a second, reports
 * the turn, then stops it.
 */
describe('a turn whose language model never answers', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    ({ relay, openai } = await withHangingModel({
      STUCK_TURN_WARN_S: '0.2',
      STUCK_TURN_END_S: '0.5',
    }));
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  it('is stopped: the client is told, the turn is stored as failed, the request is aborted', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is the weather' });
    const turn = await client.waitForTurn(1);

    expect(turn.status).toBe('failed');
    expect(turn.errors.map((e) => [e.code, e.retryable, e.turnId])).toEqual([
      ['turn-timeout', true, 1],
    ]);
    expect(turn.errors[0]?.message).toMatch(/took too long .* and was stopped/);
    // The model's request was made, and its connection closed by the relay: the provider's
    // stream was aborted, not left hanging.
    expect(openai.received('chat')).toHaveLength(1);
    await expect.poll(() => openai.openResponses).toBe(0);
    await expect
      .poll(async () => {
        const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
        return saved?.turns.map((t) => [t.userText, t.status]);
      })
      .toEqual([['what is the weather', 'failed']]);

    const metrics = await scrapeRelay(relay);
    expect(metrics.value('parley_stuck_turns_total', { action: 'warned' })).toBe(1);
    expect(metrics.value('parley_stuck_turns_total', { action: 'ended' })).toBe(1);
    expect(metrics.value('parley_errors_total', { code: 'turn-timeout' })).toBe(1);

    // The conversation goes on.
    openai.setFault('chat', { kind: 'none' });
    openai.reply = () => 'Sunny.';
    client.send({ type: 'user.text', turnId: 2, text: 'and now', speak: false });
    expect((await client.waitForTurn(2)).status).toBe('completed');
    client.close();
  });
});

describe('a turn running past STUCK_TURN_WARN_S', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    ({ relay, openai } = await withHangingModel({
      ADMIN_TOKEN: ADMIN,
      STUCK_TURN_WARN_S: '0.2',
      STUCK_TURN_END_S: '0',
      // The turn left hanging does not hold the relay's close.
      SHUTDOWN_DRAIN_S: '0',
    }));
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  it('shows in the ops overview with the stage it waits on', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is the weather' });
    const stuck = async () => {
      const res = await fetch(`${relay.url}/api/admin/overview`, {
        headers: { Authorization: `Bearer ${ADMIN}` },
      });
      return opsOverview.parse(await res.json()).watchdogs.stuckTurns;
    };
    await expect
      .poll(async () => (await stuck()).map((t) => [t.sessionId, t.turnId, t.stage]))
      .toEqual([[client.ready.sessionId, 1, 'llm']]);
    expect((await stuck())[0]?.runningMs).toBeGreaterThanOrEqual(200);
    // The overview lists a turn by its age; the counter moves at the watchdog's next check.
    await expect
      .poll(async () =>
        (await scrapeRelay(relay)).value('parley_stuck_turns_total', { action: 'warned' }),
      )
      .toBe(1);
    const metrics = await scrapeRelay(relay);
    expect(metrics.value('parley_stuck_turns_total', { action: 'ended' })).toBe(0);
    client.close();
  });
});

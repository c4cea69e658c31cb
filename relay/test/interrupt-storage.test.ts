import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

describe('an interrupt that arrives before the turn record is committed', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    // Commits paced a second apart: a turn recorded right after another one waits for its
    // transaction, and the interrupt reaches the relay while the record is still pending.
    relay = await startTestRelay({ SQLITE_COMMIT_INTERVAL_MS: '1000' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('stores only the words heard, whichever write the database sees first', async () => {
    const other = await TalkClient.connect(relay.wsUrl);
    const client = await TalkClient.connect(relay.wsUrl);
    // Another user's turn is committed first: the next commit waits for the interval.
    other.send({ type: 'user.text', turnId: 1, text: 'what can you do' });
    await other.waitForTurn(1);
    client.send({ type: 'user.text', turnId: 1, text: 'what can you do' });
    const turn = await client.waitForTurn(1);
    expect(turn.status).toBe('completed');
    const second = turn.segments[1];
    expect(second).toBeDefined();
    const heard = turn.segments[0]?.text ?? '';
    client.send({ type: 'interrupt', turnId: 1, playedSamples: second?.startSample ?? 0 });
    await expect.poll(() => client.received.some((m) => m.type === 'reply.truncated')).toBe(true);
    await relay.registry.get(client.ready.sessionId)?.idle();
    await expect
      .poll(
        async () =>
          (await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId))?.turns[0]
            ?.assistantText,
        { timeout: 5_000 },
      )
      .toBe(heard);
    client.close();
    other.close();
  });
});

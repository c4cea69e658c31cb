import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 23: a typed conversation's replies are spoken only if the user wants them spoken.

describe('a typed message', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('is answered as text only when it asks for no speech, and spoken otherwise', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'what is two plus two', speak: false });
    const quiet = await client.waitForTurn(1);
    client.send({ type: 'user.text', turnId: 2, text: 'what is two plus two' });
    const spoken = await client.waitForTurn(2);
    client.close();
    await client.closed();

    expect(quiet.status).toBe('completed');
    expect(quiet.replyText).toBe(spoken.replyText);
    expect(quiet.replyText).not.toBe('');
    expect(quiet.audioSamples).toBe(0);
    expect(quiet.segments).toEqual([]);
    expect(spoken.audioSamples).toBeGreaterThan(0);
  });
});

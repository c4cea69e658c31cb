import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { savePreferences } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe("the conversation's language reaches the client's turn-taking (issue 62)", () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('says in ready the language the user chose: English by default, Dutch once saved', async () => {
    const before = await TalkClient.connect(relay.wsUrl);
    expect(before.ready.language).toBe('en');
    before.close();
    const put = await savePreferences(relay.url, { language: 'nl-NL' });
    expect(put.status).toBe(200);
    const after = await TalkClient.connect(relay.wsUrl);
    expect(after.ready.language).toBe('nl-NL');
    after.close();
  });
});

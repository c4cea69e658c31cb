import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse, type ServerMessage, type UserPreferences } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeBankMcp, type FakeBankMcp } from './fakes/bank-mcp-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';
import { call } from './provider-settings-kit.ts';
import { startToolModel, type FakeToolModel } from './tool-kit.ts';

// Issue 62 item 2: a Dutch conversation heard "Shall I remember that mijn zus Anna heet?" — the
// relay's question before a tool runs, its ask-again, and the tool rows' lines were English,
// and an MCP tool was asked about by its identifier ("Shall I use parcel cancel
// subscription?"). On the wire: what the relay says and sends in a Dutch conversation now.

const DUTCH: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'nl',
};

type Confirm = Extract<ServerMessage, { type: 'tool.confirm' }>;
type Result = Extract<ServerMessage, { type: 'tool.result' }>;

/** Types `text` as turn `turnId` (answered as text): its reply, questions and tool results. */
async function say(client: TalkClient, text: string) {
  const turnId = (Math.max(0, ...client.turns.keys()) || 0) + 1;
  client.send({ type: 'user.text', turnId, text, speak: false });
  const done = await client.waitForTurn(turnId);
  const of = client.received.filter((m) => 'turnId' in m && m.turnId === turnId);
  return {
    reply: done.replyText,
    questions: of.flatMap((m) => (m.type === 'tool.confirm' ? [m.question] : [])),
    results: of.filter((m): m is Result => m.type === 'tool.result'),
    confirms: of.filter((m): m is Confirm => m.type === 'tool.confirm'),
  };
}

describe('the relay’s own lines about tools, in a Dutch conversation (offline responder)', () => {
  let relay: TestRelay;
  let client: TalkClient;
  beforeAll(async () => {
    relay = await startTestRelay({ ...JWT_RELAY, NEW_SESSIONS_PER_MINUTE: '100' });
    const saved = await fetch(`${relay.url}/api/preferences`, {
      method: 'PUT',
      headers: {
        Origin: ORIGIN,
        Authorization: `Bearer ${await token('anna')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(DUTCH),
    });
    expect(saved.status).toBe(200);
    client = await TalkClient.connect(relay.wsUrl, {
      token: await token('anna'),
      origin: ORIGIN,
      timeZone: 'Europe/Amsterdam',
    });
  });
  afterAll(async () => {
    client.close();
    await relay.close();
  });

  it('asks, asks again and says what it did in Dutch: a note, a reminder, the time', async () => {
    const asked = await say(client, 'onthoud dat mijn zus Anna heet');
    expect(asked.reply).toBe('Zal ik onthouden dat je zus Anna heet?');
    expect(asked.questions).toEqual(['Zal ik onthouden dat je zus Anna heet?']);
    const again = await say(client, 'misschien');
    expect(again.reply).toBe(
      'Sorry, ik heb een duidelijk ja of nee nodig. Zal ik onthouden dat je zus Anna heet?',
    );
    const yes = await say(client, 'ja');
    expect(yes.results.map((r) => r.summary)).toEqual(['Notitie opgeslagen: Mijn zus Anna heet']);

    const reminder = await say(client, 'herinner me over tien minuten aan de was');
    expect(reminder.questions).toEqual(['Zal ik je over 10 minuten herinneren aan de was?']);
    const set = await say(client, 'doe maar');
    expect(set.results.map((r) => r.summary)).toEqual([
      expect.stringMatching(/^Herinnering gezet voor \d{1,2}:\d\d: de was$/),
    ]);

    const time = await say(client, 'hoe laat is het');
    expect(time.results.map((r) => r.summary)).toEqual([
      expect.stringMatching(/^\d{1,2}:\d\d, \p{L}+dag \d{1,2} \p{L}+ \d{4}$/u),
    ]);
  });
});

describe('an MCP tool asked about by its title, in the conversation’s language', () => {
  let model: FakeToolModel;
  let bank: FakeBankMcp;
  let relay: TestRelay;
  let client: TalkClient;
  const names = new Map<string, string>();
  beforeAll(async () => {
    [model, bank] = await Promise.all([startToolModel('openai'), startFakeBankMcp()]);
    relay = await startTestRelay(model.env);
    const added = await call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'http', name: 'bank', url: bank.url },
    });
    const id = mcpServersResponse.parse(added.json).servers[0]?.id ?? '';
    for (const tool of ['cancel_subscription', 'close_account']) {
      const enabled = await call(relay, `/api/admin/mcp/servers/${id}/tools`, {
        method: 'PUT',
        body: { name: tool, enabled: true },
      });
      const view = mcpServersResponse.parse(enabled.json).servers[0]?.tools;
      names.set(tool, view?.find((t) => t.name === tool)?.modelName ?? '');
    }
    const saved = await call(relay, '/api/preferences', { method: 'PUT', body: DUTCH });
    expect(saved.status).toBe(200);
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await Promise.all([model.close(), bank.close()]);
  });

  it('says "Zal ik je abonnement opzeggen?" from the title, an English title as a name', async () => {
    model.script = [
      {
        toolCalls: [
          { name: names.get('cancel_subscription') ?? '', arguments: '{"plan":"basis"}' },
        ],
      },
    ];
    const cancel = await say(client, 'zeg mijn abonnement op');
    expect(cancel.questions).toEqual(["Zal ik je abonnement opzeggen met plan 'basis'?"]);
    expect(cancel.confirms[0]?.calls[0]?.action).toBe("je abonnement opzeggen met plan 'basis'");
    expect(cancel.reply).toBe("Zal ik je abonnement opzeggen met plan 'basis'?");
    await say(client, 'nee');

    model.script = [{ toolCalls: [{ name: names.get('close_account') ?? '', arguments: '{}' }] }];
    const close = await say(client, 'sluit mijn rekening');
    expect(close.questions).toEqual(["Zal ik 'Close the account' gebruiken?"]);
    await say(client, 'nee');
    expect(bank.transfers).toEqual([]);
  });
});

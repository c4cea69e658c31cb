import { describe, expect, it } from 'vitest';
import { noteList, reminderList, sessionDetail, type ServerMessage } from '@parley/shared';
import type { TalkClient } from '../src/talk/client.ts';
import { ORIGIN, typedReplies as say, useSignedInRelay } from './jwt-kit.ts';

// Issue 48, the built-in tools on the wire: the offline responder sets reminders and keeps
// notes through them (on the user's yes), a due reminder reaches the user's page as
// `reminder.due` — at once when a page is open, at the next connect when none was — and each
// user's reminders and notes are theirs alone, over the socket and over HTTP.

type ReminderDue = Extract<ServerMessage, { type: 'reminder.due' }>;

describe('the built-in tools on the wire', () => {
  const signedIn = useSignedInRelay('UTC');
  const { connect, api } = signedIn;

  const due = (client: TalkClient): ReminderDue['reminder'][] =>
    client.received.flatMap((m) => (m.type === 'reminder.due' ? [m.reminder] : []));

  it('rings a reminder set by voice on the page that is open when it comes due', async () => {
    const alice = await connect('alice');
    const [question, done] = await say(alice, 'remind me in 2 seconds to stretch', 'yes');
    expect(question).toBe('Shall I remind you in 2 seconds to stretch?');
    expect(done).toMatch(/^OK, I'll remind you at \d+:\d\d [AP]M to stretch\.$/);
    const listed = reminderList.parse(await (await api('alice', '/api/reminders')).json());
    expect(listed.reminders).toEqual([
      {
        id: expect.any(String) as unknown,
        text: 'stretch',
        dueAt: expect.any(Number) as unknown,
        createdAt: expect.any(Number) as unknown,
      },
    ]);
    expect(due(alice)).toEqual([]);
    await expect
      .poll(() => due(alice), { timeout: 10_000 })
      .toEqual([
        { id: listed.reminders[0]?.id, text: 'stretch', dueAt: listed.reminders[0]?.dueAt },
      ]);
    // Rung by the page: nothing is pending any more.
    alice.send({ type: 'reminder.rang', id: listed.reminders[0]?.id ?? '' });
    await expect
      .poll(async () => reminderList.parse(await (await api('alice', '/api/reminders')).json()))
      .toEqual({ reminders: [] });
    alice.close();
  });

  it('rings a reminder that came due while no page was open when the user next connects', async () => {
    const first = await connect('carol');
    await say(first, 'remind me in 1 second to drink water', 'yes');
    const [pending] = reminderList.parse(
      await (await api('carol', '/api/reminders')).json(),
    ).reminders;
    first.close();
    await first.closed();
    await expect.poll(() => Date.now() > (pending?.dueAt ?? 0), { timeout: 5_000 }).toBe(true);
    expect(due(first)).toEqual([]);
    // A reload: a new page, a new session.
    const back = await connect('carol');
    await expect.poll(() => due(back).map((r) => r.text)).toEqual(['drink water']);
    // Not rung yet (the page closed first): the next page is told again, until one rings it.
    back.close();
    const again = await connect('carol');
    await expect.poll(() => due(again).map((r) => r.text)).toEqual(['drink water']);
    again.send({ type: 'reminder.rang', id: pending?.id ?? '' });
    await expect
      .poll(async () => reminderList.parse(await (await api('carol', '/api/reminders')).json()))
      .toEqual({ reminders: [] });
    again.close();
    const last = await connect('carol');
    await say(last, 'what time is it');
    expect(due(last)).toEqual([]);
    last.close();
  });

  it("keeps each user's notes to that user, recalled in a later conversation", async () => {
    const alice = await connect('alice');
    const ask = "remember that my sister's name is Anna";
    expect(await say(alice, ask, 'yes')).toEqual([
      "Shall I remember that your sister's name is Anna?",
      "OK, I'll remember that your sister's name is Anna.",
    ]);
    alice.close();
    const later = await connect('alice');
    expect(await say(later, 'what do you remember')).toEqual([
      "You told me that your sister's name is Anna.",
    ]);
    const bob = await connect('bob');
    expect(await say(bob, 'what do you remember about my sister')).toEqual([
      "I don't remember anything about sister.",
    ]);

    const mine = noteList.parse(await (await api('alice', '/api/notes')).json());
    expect(mine.notes.map((n) => n.text)).toEqual(["My sister's name is Anna"]);
    expect(noteList.parse(await (await api('bob', '/api/notes')).json())).toEqual({ notes: [] });
    const id = mine.notes[0]?.id ?? '';
    expect((await api('bob', `/api/notes/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('alice', `/api/notes/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api('alice', `/api/notes/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await say(later, 'what do you remember')).toEqual([
      "You haven't asked me to remember anything yet.",
    ]);
    later.close();
    bob.close();
  });

  it('sends and stores the tools the offline responder runs itself, as a model’s calls are', async () => {
    const carol = await connect('carol');
    await say(carol, 'what time is it', "remember that my sister's name is Anna", 'yes');
    // Its question awaits a yes as a model's does (issue 65): `tool.confirm`, for the buttons.
    expect(carol.received.filter((m) => m.type === 'tool.confirm')).toEqual([
      expect.objectContaining({
        turnId: 2,
        question: "Shall I remember that your sister's name is Anna?",
        calls: [expect.objectContaining({ name: 'save_note' })],
      }),
    ]);
    // On the wire: each run announced, then its end, in the turn that ran it.
    const tools = carol.received.flatMap((m) =>
      m.type === 'tool.call'
        ? [`${m.turnId} call ${m.name} ${m.arguments}`]
        : m.type === 'tool.result'
          ? [`${m.turnId} ${m.status} ${m.name}`]
          : [],
    );
    expect(tools).toEqual([
      '1 call current_time {}',
      '1 done current_time',
      // Whether the fact is kept already (a fact said twice is not kept twice).
      '2 call recall_notes {}',
      '2 done recall_notes',
      '2 call save_note {"text":"My sister\'s name is Anna"}',
      '2 asked save_note',
      '3 call save_note {"text":"My sister\'s name is Anna"}',
      '3 done save_note',
    ]);
    const done = carol.received.flatMap((m) => (m.type === 'turn.done' ? [m] : []));
    expect(done.map((m) => m.toolCalls?.map((c) => c.name) ?? [])).toEqual([
      ['current_time'],
      ['recall_notes', 'save_note'],
      ['save_note'],
    ]);
    // Stored with the turn: the history's rows show them.
    const stored = async () => {
      const res = await api('carol', `/api/sessions/${carol.ready.sessionId}`);
      const turns = res.ok ? sessionDetail.parse(await res.json()).turns : [];
      return turns.map((t) => t.toolCalls?.map((c) => `${c.name} ${c.status}`));
    };
    await expect
      .poll(stored)
      .toEqual([
        ['current_time done'],
        ['recall_notes done', 'save_note asked'],
        ['save_note done'],
      ]);
    carol.close();
  });

  it("cancels and says a user's own reminders only; its list and answers have the shared shapes", async () => {
    const dave = await connect('dave');
    await say(dave, 'remind me in 1 hour to call Anna', 'yes');
    dave.close();
    const [reminder] = reminderList.parse(
      await (await api('dave', '/api/reminders')).json(),
    ).reminders;
    const id = reminder?.id ?? '';
    expect(reminderList.parse(await (await api('erin', '/api/reminders')).json())).toEqual({
      reminders: [],
    });
    const theirs = await api('erin', `/api/reminders/${id}/speech`, { method: 'POST' });
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual({ error: 'not-found', message: 'No such reminder.' });
    // Said in the user's voice: a WAV of the embedded voice.
    const speech = await api('dave', `/api/reminders/${id}/speech`, { method: 'POST' });
    expect(speech.status).toBe(200);
    expect(speech.headers.get('content-type')).toBe('audio/wav');
    expect((await speech.arrayBuffer()).byteLength).toBeGreaterThan(44 + 8_000);
    expect((await api('erin', `/api/reminders/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('dave', `/api/reminders/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(reminderList.parse(await (await api('dave', '/api/reminders')).json())).toEqual({
      reminders: [],
    });
    // Without a token: the user routes' own refusal.
    expect(
      (await fetch(`${signedIn.relay.url}/api/notes`, { headers: { Origin: ORIGIN } })).status,
    ).toBe(401);
  });
});

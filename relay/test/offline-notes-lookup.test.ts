import { describe, expect, it } from 'vitest';
import { sessionDetail, type UserPreferences } from '@parley/shared';
import type { TalkClient } from '../src/talk/client.ts';
import { typedTurn, useSignedInRelay } from './jwt-kit.ts';

// The newcomer walk of 2026-11-28: "what is the weather like today" was answered, offline, with a
// "Looked in your notes: no notes" row before "I can't answer that yet". A question that is not
// the notes' (no note answers it) shows no look in them; one a note answers still does. On the
// wire and as stored, in English and in Dutch.

describe('the offline responder’s look in the notes, for a question no note answers', () => {
  const signedIn = useSignedInRelay('UTC');
  const { api } = signedIn;

  /** A conversation of `user`, in `language` (saved as their preference first) when given. */
  async function connect(user: string, language?: string): Promise<TalkClient> {
    if (language !== undefined) {
      const prefs: UserPreferences = {
        persona: 'friendly',
        replyLength: 'short',
        speakingRate: 1,
        language,
      };
      const saved = await api(user, '/api/preferences', {
        method: 'PUT',
        body: JSON.stringify(prefs),
      });
      expect(saved.status).toBe(200);
    }
    return signedIn.connect(user);
  }

  /** Types `text` as the next turn: its reply, the tools it ran on the wire, and the turn's id. */
  async function say(client: TalkClient, text: string) {
    const { turnId, replyText } = await typedTurn(client, text);
    const ran = client.received.flatMap((m) =>
      (m.type === 'tool.call' || m.type === 'tool.result') && m.turnId === turnId
        ? [`${m.type} ${m.name}`]
        : [],
    );
    return { turnId, reply: replyText, ran };
  }

  /** The tools stored with each of the session's turns, by turn id. */
  async function storedTools(user: string, client: TalkClient): Promise<Record<number, string[]>> {
    const res = await api(user, `/api/sessions/${client.ready.sessionId}`);
    const turns = res.ok ? sessionDetail.parse(await res.json()).turns : [];
    return Object.fromEntries(
      turns.map((t) => [t.turnId, (t.toolCalls ?? []).map((c) => `${c.name} ${c.status}`)]),
    );
  }

  it('English: the weather gets no look in the notes; "where is the spare key" gets one when a note answers', async () => {
    const client = await connect('erin');
    const weather = await say(client, 'what is the weather like today');
    expect(weather.reply).toBe("I can't answer that yet; connect a model in Settings.");
    expect(weather.ran).toEqual([]);

    await say(client, 'remember that the spare key is under the mat');
    await say(client, 'yes');
    const key = await say(client, 'where is the spare key');
    expect(key.reply).toMatch(/spare key is under the mat/i);
    expect(key.ran).toEqual(['tool.call recall_notes', 'tool.result recall_notes']);

    // With a note kept now, a question it does not answer still shows no look.
    const again = await say(client, 'what is the weather like today');
    expect(again.ran).toEqual([]);

    await expect
      .poll(() => storedTools('erin', client))
      .toMatchObject({
        [weather.turnId]: [],
        [key.turnId]: ['recall_notes done'],
        [again.turnId]: [],
      });
  });

  it('Dutch: the weather gets no look in the notes', async () => {
    const client = await connect('femke', 'nl');
    const weather = await say(client, 'hoe is het weer vandaag');
    expect(weather.reply).toMatch(/^Dat kan ik nog niet/);
    expect(weather.ran).toEqual([]);
    const asked = await say(client, 'wat is het weerbericht voor morgen');
    expect(asked.ran).toEqual([]);
    await expect
      .poll(() => storedTools('femke', client))
      .toMatchObject({ [weather.turnId]: [], [asked.turnId]: [] });
  });
});

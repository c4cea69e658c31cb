import { describe, expect, it } from 'vitest';
import { noteList, reminderList, type UserPreferences } from '@parley/shared';
import { typedReplies as say, useSignedInRelay } from './jwt-kit.ts';

// Issue 62 item 3: with the preference's language Dutch, typed "hoe laat is het" was answered
// "I can't answer that yet; connect a model in Settings.", "wat is twaalf keer zeven" and
// "onthoud dat mijn zus Anna heet" "Sorry, I can't answer that yet.", and "ja" confirmed
// nothing. On the wire, with the relay as shipped (the offline responder), a Dutch user now
// gets Dutch answers, a reminder set on "ja" and a note recalled.

const DUTCH: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'nl',
};

describe('a Dutch conversation with the offline responder', () => {
  const { connect, api } = useSignedInRelay('Europe/Amsterdam');

  it('answers Dutch in Dutch: the time, a sum, a reminder on "ja", a note recalled', async () => {
    const saved = await api('anna', '/api/preferences', {
      method: 'PUT',
      body: JSON.stringify(DUTCH),
    });
    expect(saved.status).toBe(200);
    const anna = await connect('anna');
    const [time, sum, help] = await say(
      anna,
      'hoe laat is het',
      'wat is twaalf keer zeven',
      'wat kun je allemaal doen?',
    );
    expect(time).toMatch(/^Het is \d{1,2}:\d\d\.$/);
    expect(sum).toBe('Twaalf keer zeven is 84.');
    expect(help).toMatch(/^Ik ben de offline responder\./);

    // The relay asks before it sets anything; "ja" is a yes in a Dutch conversation.
    const [, reminded] = await say(anna, 'herinner me over tien minuten aan de was', 'ja');
    const asked = anna.received.filter((m) => m.type === 'tool.confirm');
    expect(asked).toEqual([
      expect.objectContaining({ calls: [expect.objectContaining({ name: 'set_reminder' })] }),
    ]);
    expect(reminded).toMatch(/^Oké, ik herinner je om \d{1,2}:\d\d aan de was\.$/);
    const reminders = reminderList.parse(await (await api('anna', '/api/reminders')).json());
    expect(reminders.reminders.map((r) => r.text)).toEqual(['de was']);

    const [, noted] = await say(anna, 'onthoud dat mijn zus Anna heet', 'doe maar');
    expect(noted).toBe('Oké, ik onthoud dat je zus Anna heet.');
    const notes = noteList.parse(await (await api('anna', '/api/notes')).json());
    expect(notes.notes.map((n) => n.text)).toEqual(['Mijn zus Anna heet']);
    anna.close();

    // A later conversation: recalled from what is kept, not from this one's history.
    const later = await connect('anna');
    const [recalled, unknown, bye] = await say(
      later,
      'hoe heet mijn zus?',
      'wat is de hoofdstad van Frankrijk',
      'doei',
    );
    expect(recalled).toBe('Je zei dat je zus Anna heet.');
    expect(unknown).toMatch(/dat kan ik nog niet beantwoorden/);
    expect(bye).toBe('Dag! Tot de volgende keer.');
    later.close();
  });

  it('keeps answering English to a user whose language is English', async () => {
    const bob = await connect('bob');
    expect(await say(bob, 'hoe laat is het', 'what is twelve times seven')).toEqual([
      "I can't answer that yet; connect a model in Settings.",
      '12 times 7 is 84.',
    ]);
    bob.close();
  });
});

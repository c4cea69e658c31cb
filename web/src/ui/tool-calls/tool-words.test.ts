import { describe, expect, it } from 'vitest';
import { intlFor } from '../../i18n/intl.ts';
import { readableName, toolSentence as sentenceIn, toolWords } from './tool-words.ts';

const toolSentence = (call: Parameters<typeof sentenceIn>[0]) =>
  sentenceIn(call, toolWords(intlFor('en')));

// Issue 65 item 3: every row read `set_reminder (text: …, delaySeconds: 60): done — … · 6 ms`.
describe('a tool call in people’s words', () => {
  it.each([
    [{ name: 'set_reminder', status: 'running' }, 'Setting a reminder…'],
    [
      { name: 'set_reminder', status: 'done', summary: 'Reminder set for 2:32 PM: stretch' },
      'Reminder set for 2:32 PM: stretch',
    ],
    [
      { name: 'save_note', status: 'done', summary: "Note saved: My sister's name is Anna" },
      "Note saved: My sister's name is Anna",
    ],
    [
      { name: 'delete_note', status: 'done', summary: 'Deleted the note: banana bread' },
      'Deleted the note: banana bread',
    ],
    [{ name: 'current_time', status: 'done', summary: '2:07 PM' }, 'Checked the time: 2:07 PM'],
    [{ name: 'calculate', status: 'done', summary: '6 * 7 = 42' }, 'Worked it out: 6 * 7 = 42'],
    [{ name: 'save_note', status: 'asked' }, 'Waiting for your yes to save the note'],
    [
      { name: 'delete_note', status: 'declined', summary: 'declined' },
      "Didn't delete the note: you said no",
    ],
    [
      { name: 'delete_note', status: 'declined', summary: 'not confirmed in time' },
      "Didn't delete the note: no answer in time",
    ],
    [
      { name: 'set_reminder', status: 'failed', summary: 'That time has passed.' },
      "Couldn't set the reminder: That time has passed.",
    ],
    [{ name: 'recall_notes', status: 'cancelled' }, 'Stopped before it could look in your notes'],
  ] as const)('%j → %j', (call, sentence) => {
    expect(toolSentence(call)).toBe(sentence);
  });

  it('says a plain sentence for any other tool (an MCP server’s), by a name people read', () => {
    expect(readableName('everything_echo')).toBe('everything echo');
    expect(toolSentence({ name: 'everything_echo', status: 'running' })).toBe(
      'Using everything echo…',
    );
    expect(
      toolSentence({ name: 'everything_echo', status: 'done', summary: 'Echo: My name is Parley' }),
    ).toBe('everything echo: Echo: My name is Parley');
    expect(toolSentence({ name: 'bank_transfer', status: 'asked' })).toBe(
      'Waiting for your yes to use bank transfer',
    );
    expect(toolSentence({ name: 'bank_transfer', status: 'timed-out' })).toBe(
      "Couldn't use bank transfer: it took too long",
    );
    expect(toolSentence({ name: 'nope', status: 'unknown-tool' })).toBe(
      "Couldn't use nope: there is no such tool",
    );
  });
});

describe('a tool call in Dutch', () => {
  it('says what it did, and why not, in Dutch', () => {
    const nl = toolWords(intlFor('nl'));
    expect(sentenceIn({ name: 'set_reminder', status: 'running' }, nl)).toBe(
      'Een herinnering zetten…',
    );
    expect(sentenceIn({ name: 'delete_note', status: 'asked' }, nl)).toBe(
      'Wacht op je ja voor het verwijderen van de notitie',
    );
    expect(sentenceIn({ name: 'delete_note', status: 'declined', summary: 'declined' }, nl)).toBe(
      'Niet doorgegaan: het verwijderen van de notitie (je zei nee)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  isNo,
  isYes,
  listRemindersRequest,
  noteRequest,
  recallRequest,
  reminderRequest,
  reminderWithoutTime,
  secondPerson,
  spokenDuration,
} from './requests.ts';
import { DUTCH_WORDS as nl } from './words-nl.ts';

describe('a spoken duration', () => {
  it.each([
    ['ten minutes', 600],
    ['10 minutes', 600],
    ['1 minute', 60],
    ['a minute', 60],
    ['an hour', 3_600],
    ['half an hour', 1_800],
    ['an hour and a half', 5_400],
    ['one hour and thirty minutes', 5_400],
    ['90 seconds', 90],
    ['5 secs', 5],
    ['two days', 172_800],
    ['1.5 hours', 5_400],
  ])('%s = %i s', (said, seconds) => {
    expect(spokenDuration(said)).toBe(seconds);
  });

  it('is nothing else', () => {
    for (const said of ['', 'ten', 'minutes', 'a while', 'ten minutes or so', 'zero minutes'])
      expect(spokenDuration(said), said).toBeNull();
  });
});

describe('the requests the offline responder hears', () => {
  it('hear a reminder with its delay before or after what to do, or a plain timer', () => {
    expect(reminderRequest('remind me in ten minutes to call Anna')).toEqual({
      text: 'call Anna',
      delaySeconds: 600,
      timer: false,
    });
    expect(reminderRequest('Please remind me to stretch in 1 minute.')).toEqual({
      text: 'stretch',
      delaySeconds: 60,
      timer: false,
    });
    expect(reminderRequest('can you remind me in an hour about the oven')).toMatchObject({
      text: 'the oven',
      delaySeconds: 3_600,
    });
    expect(reminderRequest('set a timer for five minutes')).toEqual({
      text: 'Timer',
      delaySeconds: 300,
      timer: true,
    });
    for (const said of [
      'remind me to call Anna',
      'remind me in a while to call',
      'what is 2 plus 2',
    ])
      expect(reminderRequest(said), said).toBeNull();
    expect(reminderWithoutTime('remind me to call Anna')).toBe(true);
    expect(reminderWithoutTime('remember to buy milk')).toBe(true);
  });

  it('hear what to remember, as said', () => {
    expect(noteRequest("remember that my sister's name is Anna")).toBe("My sister's name is Anna");
    expect(noteRequest('Please remember I am allergic to peanuts.')).toBe(
      'I am allergic to peanuts',
    );
    expect(noteRequest('remember to buy milk')).toBeNull();
    expect(noteRequest('what do you remember')).toBeNull();
    expect(noteRequest('do you remember that film')).toBeNull();
  });

  it('hear a question about what is remembered, and what about', () => {
    expect(recallRequest('what do you remember')).toBe('');
    expect(recallRequest('What do you know about me?')).toBe('');
    expect(recallRequest('what do you remember about my sister')).toBe('sister');
    expect(recallRequest('what did I ask you to remember')).toBe('');
    expect(recallRequest('what is the time')).toBeNull();
    expect(listRemindersRequest('what reminders do i have')).toBe(true);
    expect(listRemindersRequest('list my timers')).toBe(true);
    expect(listRemindersRequest('reminders are useful')).toBe(false);
  });

  it('hear a yes and a no', () => {
    for (const yes of ['yes', 'Yes please.', 'sure', 'OK', 'go ahead'])
      expect(isYes(yes), yes).toBe(true);
    for (const no of ['no', "No, don't.", 'never mind', 'nope']) expect(isNo(no), no).toBe(true);
    expect(isYes('yesterday')).toBe(false);
    expect(isNo('nobody')).toBe(false);
  });

  it('say back what the user said of themselves', () => {
    expect(secondPerson("My sister's name is Anna")).toBe("Your sister's name is Anna");
    expect(secondPerson('I am allergic to peanuts')).toBe('you are allergic to peanuts');
    expect(secondPerson("call my mum and tell her I'm late")).toBe(
      "call your mum and tell her you're late",
    );
    expect(secondPerson('the meeting at 8 am')).toBe('the meeting at 8 am');
  });
});

describe('the requests the offline responder hears in Dutch', () => {
  it('hear what to remember, as said', () => {
    expect(noteRequest('onthoud dat mijn zus Anna heet', nl)).toBe('Mijn zus Anna heet');
    expect(noteRequest('Onthoud: de sleutel ligt onder de mat.', nl)).toBe(
      'De sleutel ligt onder de mat',
    );
    expect(noteRequest('wil je onthouden dat ik allergisch ben voor pinda’s?', nl)).toBe(
      'Ik allergisch ben voor pinda’s',
    );
    for (const said of ['onthoud je dat nog?', 'onthoud om melk te kopen', 'wat onthoud je'])
      expect(noteRequest(said, nl), said).toBeNull();
    expect(reminderWithoutTime('onthoud om melk te kopen', nl)).toBe(true);
    expect(reminderWithoutTime('herinner me aan de was', nl)).toBe(true);
  });

  it('hear a question about what is remembered, and reminders asked for', () => {
    expect(recallRequest('wat weet je', nl)).toBe('');
    expect(recallRequest('Wat weet je over mij?', nl)).toBe('');
    expect(recallRequest('wat weet je over mijn zus', nl)).toBe('zus');
    expect(recallRequest('wat heb ik je gevraagd te onthouden', nl)).toBe('');
    expect(recallRequest('hoe laat is het', nl)).toBeNull();
    expect(listRemindersRequest('welke herinneringen heb ik', nl)).toBe(true);
    expect(listRemindersRequest('zet een timer van vijf minuten', nl)).toBe(false);
  });

  it('hear a yes and a no in Dutch, and no Dutch in English', () => {
    for (const yes of ['ja', 'Ja graag.', 'doe maar', 'prima'])
      expect(isYes(yes, nl), yes).toBe(true);
    for (const no of ['nee', 'laat maar', 'niet doen']) expect(isNo(no, nl), no).toBe(true);
    expect(isYes('ja')).toBe(false);
  });

  it('say back what the user said of themselves', () => {
    expect(secondPerson('Mijn zus Anna heet', nl)).toBe('Je zus Anna heet');
    expect(secondPerson('ik ben moe', nl)).toBe('je bent moe');
  });
});

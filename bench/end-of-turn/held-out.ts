/**
 * The held-out end-of-turn set (issue 52): sentences no rule was tuned on, to tell whether the
 * policy's figures on the first and harder sets hold on words it has not seen. Built as the
 * harder set is (./harder.ts): each sentence synthesised whole by a speaker, a paused one cut at
 * its word boundary and the pause inserted there, so the voice before it goes on. Eight
 * speakers: four new rates and pitches, and four of the harder set's. Keep it out of any tuning: a rule
 * changed to pass one of these sentences makes the set no longer held out.
 */
import type { Speaker } from './harder.ts';

/** Four speakers the harder set does not have, then four it has. */
export const HELD_OUT_SPEAKERS: readonly Speaker[] = [
  { voice: 'awb', stretch: 1 },
  { voice: 'kal16', stretch: 0.9 },
  { voice: 'slt', stretch: 1.15, f0Hz: 190 },
  { voice: 'rms', stretch: 0.9, f0Hz: 95 },
  { voice: 'slt', stretch: 1 },
  { voice: 'rms', stretch: 1.25 },
  { voice: 'awb', stretch: 0.85 },
  { voice: 'kal16', stretch: 1.1 },
];

/**
 * Before the pause, after it, the pause (ms): after prepositions, articles, conjunctions,
 * "could you", "I think we should", and inside numbers, a few where the words before the pause
 * are whole ("my phone number is five five").
 */
export const HELD_OUT_PAUSED: readonly [string, string, number][] = [
  ['can you remind me to', 'water the plants', 700],
  ['what is the distance from london to', 'paris', 600],
  ['how many days until', 'christmas', 800],
  ['put the milk in the', 'fridge', 600],
  ['text my sister that', 'I am running late', 700],
  ['what is the population of', 'canada', 900],
  ['start a timer for', 'fifteen minutes', 600],
  ['I want to listen to', 'some jazz', 500],
  ['the password is', 'blue sky', 800],
  ['schedule a meeting with', 'the team', 700],
  ['turn the heating up to', 'twenty one', 700],
  ['my phone number is five five', 'one two', 600],
  ['I think we should', 'stay home', 900],
  ['find a restaurant near', 'the station', 800],
  ['is it going to rain on', 'saturday', 600],
  ['convert ten dollars to', 'euros', 700],
  ['the movie starts at', 'eight thirty', 900],
  ['play the next song by', 'the beatles', 500],
  ['what is the square root of', 'eighty one', 600],
  ['I have a question about', 'my order', 800],
  ['could you', 'speak more slowly', 700],
  ['add bread and', 'butter to the list', 600],
  ['my birthday is in', 'june', 500],
  ['wake me up at', 'seven', 1000],
  ['the box weighs thirty', 'kilos', 600],
  ['what is the difference between', 'frogs and toads', 700],
  ['send an email to', 'my boss', 600],
  ['I left my keys on the', 'table', 900],
  ['how long does it take to', 'boil an egg', 600],
  ['we have sixty', 'guests', 700],
  ['what is the best way to', 'learn spanish', 500],
  ['book two tickets for', 'tomorrow', 800],
  ['turn on the lights in the', 'bedroom', 700],
  ['the store closes at', 'nine', 600],
  ['tell me a story about', 'a dragon', 900],
  ['my flight number is two', 'forty', 600],
  ['I am waiting for', 'the bus', 800],
  ['what is the weather going to be like on', 'friday', 700],
  ['can I have a glass of', 'water', 600],
  ['remind me to call', 'the dentist', 500],
];

/** Complete sentences, some ending in words the recogniser splits ("brother", "outside"). */
export const HELD_OUT_COMPLETE: readonly string[] = [
  'what is the temperature outside',
  'call my brother',
  'is it colder than yesterday',
  'order a burger',
  'set an alarm for seven',
  'how tall is mount everest',
  'what is the date today',
  'turn the music down',
  'I am hungry',
  'show me my calendar',
  'when does the bank open',
  'read me the news',
  'what is twelve times eight',
  'who wrote hamlet',
  'find a pharmacy nearby',
  'my flight leaves at noon',
  'stop the timer',
  'the door is locked',
  'what should I cook for dinner',
  'is the museum open on sunday',
  'call a taxi to the airport',
  'how do you say hello in french',
  'I feel tired',
  'thanks for your help',
  'remind me at five',
  'where did I park the car',
  'add milk to the shopping list',
  'tell me something interesting',
  'the package arrived yesterday',
  'what is on my calendar tomorrow',
];

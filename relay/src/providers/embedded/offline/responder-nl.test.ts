import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../stages/llm.ts';
import { OfflineResponderLlm } from './provider.ts';
import { CANNOT_ANSWER, respond } from './responder.ts';
import { DUTCH_WORDS } from './words-nl.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // zondag 22 november 2026, 14:07 UTC
const { lines } = DUTCH_WORDS;

function chat(...userTurns: string[]): ChatMessage[] {
  return userTurns
    .flatMap((content) => [
      { role: 'user' as const, content },
      { role: 'assistant' as const, content: 'oké' },
    ])
    .slice(0, -1);
}

/** The responder's answer to `userTurns`, in a conversation whose language is `language`. */
const inDutch =
  (language = 'nl', timeZone = 'UTC') =>
  (...userTurns: string[]) =>
    respond(chat(...userTurns), { now: NOW, timeZone, language });
const nl = inDutch();

// Issue 62 item 3: with the preference's language Dutch, "hoe laat is het" got "I can't
// answer that yet", "wat is twaalf keer zeven" "Sorry, I can't answer that yet.".
describe('the offline responder in Dutch', () => {
  it('tells the time the Dutch way, in the user’s zone', async () => {
    for (const asked of [
      'hoe laat is het',
      'Hoe laat is het?',
      'weet je hoe laat het is',
      'hoe laat is',
    ])
      expect(await nl(asked), asked).toBe('Het is 14:07.');
    expect(await inDutch('nl-BE', 'Asia/Tokyo')('Hoe laat is het nu?')).toBe('Het is 23:07.');
    // Another question with the same words is none it can answer.
    expect(await nl('hoe laat is de vergadering')).toBe(lines.cannotAnswer);
  });

  it('tells the date', async () => {
    for (const asked of ['welke dag is het vandaag', 'wat is de datum', 'De hoeveelste is het?'])
      expect(await nl(asked), asked).toBe('Vandaag is het zondag 22 november 2026.');
  });

  it.each([
    ['wat is twaalf keer zeven', 'Twaalf keer zeven is 84.'],
    ['honderdvijfentwintig gedeeld door vijf', 'Honderdvijfentwintig gedeeld door vijf is 25.'],
    ['Wat is drieëntwintig plus negentien?', 'Drieëntwintig plus negentien is 42.'],
    ['hoeveel is 12 x 7', '12 keer 7 is 84.'],
    ['wat is 1.234 maal 2', '1234 keer 2 is 2468.'],
    ['wat is drie komma vijf min een', 'Drie komma vijf min een is 2,5.'],
    ['wat is 7,5 gedeeld door 3', '7,5 gedeeld door 3 is 2,5.'],
    ['twee plus drie keer vier', 'Twee plus drie keer vier is 14.'],
    [
      'tweeduizend min twaalfhonderd vierendertig',
      'Tweeduizend min twaalfhonderd vierendertig is 766.',
    ],
    [
      'wat is tien gedeeld door nul',
      'Tien gedeeld door nul kan niet: je kunt niet door nul delen.',
    ],
  ])('does sums in Dutch number words: %s', async (asked, answer) => {
    expect(await nl(asked)).toBe(answer);
  });

  it('answers help, greetings, thanks, goodbye and who it is', async () => {
    for (const asked of ['help', 'wat kun je allemaal doen?', 'wat kan je'])
      expect(await nl(asked), asked).toBe(lines.help);
    expect(await nl('hallo')).toBe(
      'Hallo! Vraag me hoe laat het is, welke dag het is of wat twaalf keer zeven is.',
    );
    expect(await nl('Goedemorgen!')).toMatch(/^Goedemorgen! Vraag me/);
    expect(await nl('hé')).toMatch(/^Hé! Vraag me/);
    expect(await nl('dank je wel')).toBe('Graag gedaan.');
    expect(await nl('bedankt!')).toBe('Graag gedaan.');
    for (const said of ['doei', 'Tot ziens!', 'dag', 'Oké, dag hoor.', 'Fijne dag!'])
      expect(await nl(said), said).toBe('Dag! Tot de volgende keer.');
    expect(await nl('wie ben jij')).toBe(lines.whoAmI);
  });

  it('repeats what the user said', async () => {
    expect(await nl('het regent', 'wat zei ik net?')).toBe('Je zei: "het regent".');
    expect(await nl('wat heb ik gezegd')).toBe('Dit is het eerste wat je tegen me zegt.');
  });

  it('says in one short sentence that it cannot answer anything else, shorter the next time', async () => {
    expect(await nl('vertel me over walvissen')).toBe(
      'Dat kan ik nog niet beantwoorden; koppel een model in Instellingen.',
    );
    expect(await nl('vertel me over walvissen', 'en dolfijnen')).toBe(
      'Sorry, dat kan ik nog niet beantwoorden.',
    );
    // What it answered does not count as a question it could not answer.
    expect(await nl('hoe laat is het', 'vertel me over walvissen')).toBe(lines.cannotAnswer);
    expect(await nl('vertel me over walvissen', 'wat is twee plus twee')).toBe(
      'Twee plus twee is 4.',
    );
  });

  it('asks for a time when a reminder has none, and says when the relay has no tools', async () => {
    expect(await nl('herinner me aan de was')).toBe(
      'Wanneer? Zeg bijvoorbeeld: herinner me over tien minuten aan de was.',
    );
    expect(await nl('herinner me over tien minuten aan de was')).toBe(lines.noTools);
    expect(await nl('onthoud dat mijn zus Anna heet')).toBe(lines.noTools);
    expect(await nl('wat weet je over mij')).toBe(lines.noTools);
  });

  it('keeps English for English, and for a language it has no words for', async () => {
    expect(await respond(chat('hoe laat is het'), { now: NOW, timeZone: 'UTC' })).toBe(
      CANNOT_ANSWER,
    );
    expect(await inDutch('en')('what time is it')).toBe("It's 2:07 PM.");
    expect(await inDutch('fr')('what time is it')).toBe("It's 2:07 PM.");
  });

  it('learns the language from its request', async () => {
    const llm = new OfflineResponderLlm(() => NOW);
    let text = '';
    for await (const e of llm.stream({
      messages: chat('wat is twaalf keer zeven'),
      language: 'nl-NL',
      signal: new AbortController().signal,
    }))
      if (e.type === 'text') text += e.text;
    expect(text).toBe('Twaalf keer zeven is 84.');
  });
});

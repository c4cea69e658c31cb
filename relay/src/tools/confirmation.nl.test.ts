import { describe, expect, it } from 'vitest';
import { confirmationLines } from './confirmation-lines.ts';
import { confirmationQuestion, wordedAction } from './confirmation.ts';
import type { ToolContext } from './tool.ts';

const context: ToolContext = {
  userId: 'u',
  sessionId: 's',
  language: 'nl',
  signal: new AbortController().signal,
  now: () => 0,
};

/** The words of a call of `tool` on `args` in `language`. */
async function worded(
  tool: Parameters<typeof wordedAction>[0],
  args: Record<string, unknown>,
  language: string,
): Promise<string> {
  const said = await wordedAction(tool, args, JSON.stringify(args), context, language);
  return said.ok ? said.action : said.reason;
}

// Issue 62: a Dutch conversation heard "Shall I use parcel cancel subscription?".
describe('the question before a tool runs, in Dutch', () => {
  it('asks in Dutch, from an MCP tool’s title and arguments rather than its identifier', async () => {
    const cancel = { name: 'parcel_cancel_subscription', title: 'Je abonnement opzeggen' };
    expect(confirmationQuestion([await worded(cancel, {}, 'nl')], 'nl')).toBe(
      'Zal ik je abonnement opzeggen?',
    );
    expect(
      confirmationQuestion(
        [await worded(cancel, { plan: 'basis', reason: 'te duur' }, 'nl')],
        'nl',
      ),
    ).toBe("Zal ik je abonnement opzeggen met plan 'basis' en reason 'te duur'?");
    // An English title in a Dutch conversation is said as the tool's name, not as Dutch.
    const english = { name: 'parcel_cancel_subscription', title: 'Cancel subscription' };
    expect(confirmationQuestion([await worded(english, {}, 'nl')], 'nl')).toBe(
      "Zal ik 'Cancel subscription' gebruiken?",
    );
    expect(confirmationQuestion([await worded(english, {}, 'en')], 'en')).toBe(
      'Shall I cancel subscription?',
    );
    // A title that names the tool rather than says what it does is said as a name.
    expect(await worded({ name: 'everything_echo', title: 'Echo Tool' }, {}, 'en')).toBe(
      "use 'Echo Tool'",
    );
    expect(await worded({ name: 'bank_list', title: 'Alle betalingen' }, {}, 'nl')).toBe(
      "'Alle betalingen' gebruiken",
    );
    // No title: the identifier, spoken.
    expect(
      confirmationQuestion([await worded({ name: 'parcel_cancel' }, { id: 4 }, 'nl')], 'nl'),
    ).toBe('Zal ik parcel cancel gebruiken met id 4?');
  });

  it('joins several actions as Dutch does, and asks again, stale and closed in Dutch', () => {
    expect(confirmationQuestion(['a doen', 'b doen', 'c doen'], 'nl-BE')).toBe(
      'Zal ik a doen, b doen en c doen?',
    );
    const lines = confirmationLines('nl');
    expect(lines.askAgain('Zal ik het doen?')).toBe(
      'Sorry, ik heb een duidelijk ja of nee nodig. Zal ik het doen?',
    );
    expect(lines.staleTap('Zal ik het doen?')).toBe(
      'Dat antwoord hoorde bij een eerdere vraag. Zal ik het doen?',
    );
    expect(lines.closedTap).toBe('Die vraag was al gesloten, dus ik heb niets gedaan.');
  });
});

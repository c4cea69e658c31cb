import { yesOrNo } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../storage/index.ts';
import { BuiltinTools } from '../../../tools/builtin-tools.ts';
import type { ToolContext } from '../../../tools/tool.ts';
import { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage, ToolCall } from '../../stages/llm.ts';
import { nextMove } from './responder.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // zondag 22 november 2026, 14:07 UTC

/** What the test reads a call the relay asked about by (its question's words are the relay's). */
const ASKED = '(asked)';

// Issue 62 item 3: in Dutch, reminders and notes the way the relay runs them: the responder
// calls the tool, the relay asks, the user's "ja" (the shared Dutch yes) runs it.
describe('the offline responder’s reminders and notes in Dutch', () => {
  let storage: Storage;
  let tools: BuiltinTools;
  let clock = NOW;
  let history: ChatMessage[];
  let asked: ToolCall | null;
  const context: ToolContext = {
    userId: 'anna',
    sessionId: 's',
    timeZone: 'Europe/Amsterdam',
    signal: new AbortController().signal,
    now: () => NOW,
  };

  /**
   * The user says `said`; the responder's reply joins the conversation and is returned, or
   * ASKED for a call, which the user's next words settle as the relay does: run on a yes in
   * Dutch, not run otherwise.
   */
  async function say(said: string): Promise<string> {
    if (asked) {
      const call = asked;
      asked = null;
      const args = JSON.parse(call.arguments) as Record<string, unknown>;
      const ran =
        yesOrNo(said, 'nl') === 'yes'
          ? await tools.tool(call.name)?.run(args, context)
          : { content: 'The user said no: it was not done.', isError: true };
      history.push(
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', callId: call.id, name: call.name, content: ran?.content ?? '' },
      );
    }
    history.push({ role: 'user', content: said });
    const toolbox = new Toolbox(tools, {
      userId: 'anna',
      sessionId: 's',
      timeZone: 'Europe/Amsterdam',
      now: () => NOW,
    });
    const offered = new Set((await tools.toolsFor()).map((t) => t.name));
    const move = await nextMove(
      history,
      { now: NOW, timeZone: 'Europe/Amsterdam', language: 'nl', toolbox },
      offered,
    );
    if ('text' in move) {
      history.push({ role: 'assistant', content: move.text });
      return move.text;
    }
    asked = {
      id: `call-${history.length}`,
      name: move.call.name,
      arguments: JSON.stringify(move.call.args),
    };
    return ASKED;
  }
  const notes = async () => (await storage.notes.list('anna')).map((n) => n.text);
  const lastCall = () => JSON.parse(asked?.arguments ?? '{}') as Record<string, unknown>;

  beforeEach(async () => {
    clock = NOW;
    storage = await openStorage({ sqlitePath: ':memory:', now: () => clock });
    tools = new BuiltinTools({ storage, reminderChanged: () => undefined, enabled: true });
    history = [];
    asked = null;
  });
  afterEach(() => storage.close());

  async function remember(said: string): Promise<void> {
    clock += 60_000;
    expect(await say(said)).toBe(ASKED);
    expect(await say('ja')).toMatch(/^Oké, ik onthoud dat /);
  }

  it('sets a reminder on "ja", says when in Dutch, and lists it', async () => {
    expect(await say('herinner me over tien minuten aan de was')).toBe(ASKED);
    expect(asked?.name).toBe('set_reminder');
    expect(lastCall()).toEqual({ text: 'de was', delaySeconds: 600 });
    expect(await say('ja')).toBe('Oké, ik herinner je om 15:17 aan de was.');
    expect(await say('herinner me over een uur om mijn zus te bellen')).toBe(ASKED);
    expect(lastCall()).toEqual({ text: 'mijn zus bellen', delaySeconds: 3_600 });
    expect(await say('doe maar')).toBe('Oké, ik herinner je om 16:07 aan je zus bellen.');
    expect(await say('welke herinneringen heb ik?')).toBe(
      'Je hebt 2 herinneringen: om 15:17 de was; om 16:07 je zus bellen.',
    );
    expect(await storage.reminders.pending('anna')).toMatchObject([
      { text: 'de was', dueAt: NOW + 600_000 },
      { text: 'mijn zus bellen', dueAt: NOW + 3_600_000 },
    ]);
  });

  it('sets nothing on a no, and a timer on a yes', async () => {
    expect(await say('zet een timer van vijf minuten')).toBe(ASKED);
    expect(await say('nee, laat maar')).toBe('Oké, dan doe ik het niet.');
    expect(await storage.reminders.pending('anna')).toEqual([]);
    expect(await say('welke herinneringen heb ik')).toBe('Je hebt geen herinneringen.');
    expect(await say('zet een timer van een kwartier')).toBe(ASKED);
    expect(await say('graag')).toBe('Oké, een timer van 15 minuten: hij gaat om 15:22 af.');
  });

  it.each([
    ['herinner me aan de was over tien minuten', 'de was', 600],
    ['kun je me over een half uur aan de oven herinneren?', 'de oven', 1_800],
    ['Herinner me over anderhalf uur eraan om de auto te verzetten.', 'de auto verzetten', 5_400],
    ['zet een wekker voor drie kwartier', 'Timer', 2_700],
  ])('hears a reminder put another way: %s', async (said, text, delaySeconds) => {
    expect(await say(said)).toBe(ASKED);
    expect(lastCall()).toEqual({ text, delaySeconds });
  });

  it('remembers on "ja" and answers a question with what it was told', async () => {
    expect(await say('onthoud dat mijn zus Anna heet')).toBe(ASKED);
    expect(lastCall()).toEqual({ text: 'Mijn zus Anna heet' });
    expect(await say('ja')).toBe('Oké, ik onthoud dat je zus Anna heet.');
    clock += 60_000;
    await remember('onthoud: de reservesleutel ligt onder de mat');
    expect(await say('hoe heet mijn zus?')).toBe('Je zei dat je zus Anna heet.');
    expect(await say('Waar ligt de reservesleutel?')).toBe(
      'Je zei dat de reservesleutel onder de mat ligt.',
    );
    expect(await say('wat weet je over mijn zus')).toBe('Je hebt me verteld dat je zus Anna heet.');
    expect(await say('wat weet je')).toBe(
      'Je hebt me verteld dat de reservesleutel onder de mat ligt en dat je zus Anna heet.',
    );
    expect(await say('hoe heet mijn broer?')).toMatch(/^Dat heb je me niet verteld\./);
    // Its own rules still answer what no note is about.
    expect(await say('hoe laat is het')).toBe('Het is 15:07.');
    expect(await notes()).toEqual(['De reservesleutel ligt onder de mat', 'Mijn zus Anna heet']);
  });

  it('does not keep a fact twice, nor one it was told no to', async () => {
    await remember('onthoud dat mijn zus Anna heet');
    expect(await say('Onthoud dat mijn zus Anna heet.')).toBe('Ik weet al dat je zus Anna heet.');
    expect(await say('onthoud dat ik allergisch ben voor pinda’s')).toBe(ASKED);
    expect(await say('nee')).toBe('Oké, dan onthoud ik het niet.');
    expect(await notes()).toEqual(['Mijn zus Anna heet']);
  });

  it('forgets the last note on "vergeet dat" and "ja", and keeps one on "nee"', async () => {
    await remember('onthoud dat de reservesleutel onder de mat ligt');
    await remember('onthoud dat ik in Utrecht woon');
    expect(await say('vergeet dat')).toBe(ASKED);
    expect(asked?.name).toBe('delete_note');
    expect(await say('ja')).toBe('Oké, ik ben vergeten dat je in Utrecht woont.');
    expect(await say('vergeet de sleutel')).toBe(ASKED);
    expect(await say('nee')).toBe('Oké, dan onthoud ik het.');
    expect(await say('vergeet alles over mijn auto')).toBe('Ik weet niets over je auto.');
    expect(await notes()).toEqual(['De reservesleutel onder de mat ligt']);
  });
});

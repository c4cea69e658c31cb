import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { STILL_THERE_LINE } from '../src/session/quiet/call-silence-watch.ts';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { startToolModel, testTool, toolSource, type FakeToolModel } from './tool-kit.ts';

// Issue 60 item 3: with a call awaiting the user's yes, the silence check-in ("Are you still
// there?") left it awaited, and the user's "yes" to the check-in ran it. On the wire now: the
// relay's own line closes the question (`tool.closed`, withdrawn) and a question has a time
// limit (`TOOL_CONFIRM_TIMEOUT_S`: expired); a yes after either runs nothing.

const QUESTION = "Shall I delete the note 'banana bread'?";

describe('a question awaiting a yes, on the wire', () => {
  let model: FakeToolModel;
  let relay: TestRelay | null = null;
  const deleteNote = testTool('delete_note', {
    readOnly: false,
    properties: { text: { type: 'string' } },
    action: (args) => `delete the note '${String(args.text)}'`,
  });

  beforeAll(async () => {
    model = await startToolModel('openai');
  });
  afterAll(() => model.close());
  afterEach(async () => {
    await relay?.close();
    relay = null;
  });

  /** A client of a relay with `env` whose model asked (turn 1, typed) to delete a note. */
  async function asked(env: Record<string, string>, inCall: boolean) {
    relay = await startTestRelay({ ...model.env, ...env }, { tools: toolSource(deleteNote) });
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    if (inCall) {
      // A call: microphone audio came (a cough, not answered).
      c.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
      c.send(micFrame(0, 1));
      c.send({ type: 'utterance.cancel', turnId: 1, reason: 'misfire' });
    }
    model.script = [{ toolCalls: [{ name: 'delete_note', arguments: '{"text":"banana bread"}' }] }];
    c.send({ type: 'user.text', turnId: 2, text: 'delete the banana note' });
    const confirm = await c.next('tool.confirm');
    expect(confirm).toMatchObject({ turnId: 2, question: QUESTION });
    return { c, confirmId: confirm.confirmId };
  }

  /** The user types "yes" as turn `turnId`: the calls it ran (none, when nothing was awaited). */
  async function yes(c: RawClient, turnId: number): Promise<ServerMessage[]> {
    c.send({ type: 'user.text', turnId, text: 'yes', speak: false });
    await expect
      .poll(() => c.messages.some((m) => m.type === 'turn.done' && m.turnId === turnId))
      .toBe(true);
    return c.messages.filter((m) => m.type === 'tool.result' && m.turnId === turnId);
  }

  it('is closed by the check-in: the yes to "Are you still there?" runs nothing', async () => {
    const { c, confirmId } = await asked({ CALL_SILENCE_S: '0.3' }, true);
    const checkIn = await c.next('session.warning', 10_000);
    expect(checkIn.reason).toBe('silence');
    const closed = await c.next('tool.closed');
    expect(closed).toEqual({ type: 'tool.closed', confirmId, outcome: 'withdrawn' });
    await expect
      .poll(() => c.messages.some((m) => m.type === 'turn.done' && m.reply === STILL_THERE_LINE))
      .toBe(true);
    const runs = deleteNote.runs.length;
    expect(await yes(c, 4)).toEqual([]);
    expect(deleteNote.runs.length).toBe(runs);
    c.ws.close();
  });

  it('expires after TOOL_CONFIRM_TIMEOUT_S, the page told; a yes after it runs nothing', async () => {
    const { c, confirmId } = await asked({ TOOL_CONFIRM_TIMEOUT_S: '1' }, false);
    const closed = await c.next('tool.closed', 5_000);
    expect(closed).toEqual({ type: 'tool.closed', confirmId, outcome: 'expired' });
    const runs = deleteNote.runs.length;
    expect(await yes(c, 3)).toEqual([]);
    expect(deleteNote.runs.length).toBe(runs);
    c.ws.close();
  });

  it('stays open until then: a yes in time runs it, and the page is told it was answered', async () => {
    const { c, confirmId } = await asked({ TOOL_CONFIRM_TIMEOUT_S: '60' }, false);
    const runs = deleteNote.runs.length;
    expect(await yes(c, 3)).toEqual([
      expect.objectContaining({ name: 'delete_note', status: 'done' }),
    ]);
    expect(deleteNote.runs.length).toBe(runs + 1);
    await expect
      .poll(() => c.messages.filter((m) => m.type === 'tool.closed'))
      .toEqual([{ type: 'tool.closed', confirmId, outcome: 'answered' }]);
    c.ws.close();
  });
});

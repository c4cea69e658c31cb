import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../providers/stages/llm.ts';
import { sessionKits, type SessionKit } from './session.test-kit.ts';

/**
 * Turn-taking in a session, in-process: the user speaks over a reply (interrupts), and the
 * session answers at a pause before the user is done (speculation). Moved from the real-socket
 * suite (relay/test/turn-taking.test.ts), where each ran over PocketSphinx in real time; every
 * assertion kept, on the in-process fake providers.
 */

const HELP_TEXT =
  'I can answer questions. I can also tell you the time, and keep you company on a long walk.';
const FIRST_SENTENCE = 'I can answer questions.';
const HELP = /^I can answer questions\. I can also tell you the time/;

/** The LLM's answers, by the user's last words. */
function replyTo(messages: readonly ChatMessage[]): string {
  const last = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (last.includes('what can you do')) return HELP_TEXT;
  if (last.includes('time')) return "It's noon.";
  return 'Good to hear.';
}

const kit = sessionKits({ reply: replyTo });

/** Every provider stream the session started is closed (LLM and TTS). */
async function noStreamLeftOpen(k: SessionKit): Promise<void> {
  await expect.poll(() => k.providers.llm.open + k.providers.tts.open).toBe(0);
}

describe('turn-taking in a session', () => {
  it('after an interrupt mid-reply, the next LLM request sees only the words heard, and no stream is left open', async () => {
    const k = await kit();
    k.providers.asr.transcript = 'what can you do';
    // The reply is still being written when the user speaks over it: its first sentence only.
    k.providers.llm.holdAfterTokens = FIRST_SENTENCE.split(' ').length;
    k.speaks(1, 8).ends(1);
    // Wait for the first sentence to be spoken, then "hear" half of what was sent.
    await expect.poll(() => k.link.replySamples(1)).toBeGreaterThan(8000);
    const played = Math.floor(k.link.replySamples(1) / 2);
    k.interrupts(1, played);
    const interrupted = await k.turnDone(1);
    k.providers.llm.holdAfterTokens = null;

    expect(interrupted.status).toBe('cancelled');
    const [truncated] = k.link.messages('reply.truncated');
    expect(truncated?.heard).toBeTruthy();
    const heard = truncated?.heard ?? '';
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(FIRST_SENTENCE.length);
    expect(FIRST_SENTENCE.startsWith(heard)).toBe(true);
    expect(interrupted.reply).toBe(heard);
    await noStreamLeftOpen(k);

    k.providers.asr.transcript = 'good morning';
    k.speaks(2, 8).ends(2);
    expect((await k.turnDone(2)).status).toBe('completed');
    expect(k.providers.llm.lastMessages).toEqual([
      { role: 'user', content: 'what can you do' },
      { role: 'assistant', content: heard },
      { role: 'user', content: 'good morning' },
    ]);
    // Storage keeps the reply as heard too, and says it was interrupted; the next turn was
    // heard to its end.
    await k.session.idle();
    const saved = await k.stored();
    expect(saved[0]?.assistantText).toBe(heard);
    expect(saved.map((t) => [t.status, t.interrupted])).toEqual([
      ['cancelled', true],
      ['completed', false],
    ]);
  });

  it('an interrupt after the reply was fully written still truncates history and storage', async () => {
    const k = await kit();
    k.providers.asr.transcript = 'what can you do';
    k.speaks(1, 8).ends(1);
    const help = await k.turnDone(1);
    expect(help.reply).toMatch(HELP);
    const firstSentence = k.link.messages('reply.segment')[1]?.startSample ?? 0;
    k.interrupts(1, firstSentence);
    await k.session.idle();
    expect(k.link.messages('reply.truncated')).toHaveLength(1);
    const stored = await k.stored();
    expect(stored[0]?.assistantText).toBe(FIRST_SENTENCE);
    expect([stored[0]?.status, stored[0]?.interrupted]).toEqual(['completed', true]);
    k.providers.asr.transcript = 'thank you very much';
    k.speaks(2, 8).ends(2);
    expect((await k.turnDone(2)).status).toBe('completed');
    expect(k.providers.llm.lastMessages[1]).toEqual({
      role: 'assistant',
      content: FIRST_SENTENCE,
    });
  });

  it('answers speculatively at a pause; one answer reaches the user, its work in the ledger once', async () => {
    const k = await kit();
    k.providers.asr.transcript = 'what time is it';
    k.speaks(1, 12).pauses(1).more(1, 3).ends(1);
    const turn = await k.turnDone(1);
    expect(turn.reply).toBe("It's noon.");
    expect(k.link.messages('turn.done')).toHaveLength(1);
    const { started, promoted, dropped } = k.observer.speculations;
    expect(started).toBeGreaterThanOrEqual(1);
    // Released when the recogniser's final text agrees with what it heard at the pause. Each
    // speculation ends one way.
    expect(promoted).toBe(1);
    expect(promoted + dropped).toBe(started);
    // All of the utterance is acknowledged (stored).
    expect(k.acked).toBe(k.seq - 1);
    const llm = (await k.ledger()).filter((r) => r.stage === 'llm');
    // The answer heard: the promoted speculation's, or one made after the final transcript.
    expect(llm.filter((r) => r.speculative === 0)).toHaveLength(promoted === 1 ? 0 : 1);
    expect(llm.filter((r) => r.speculative === 1).length).toBeGreaterThanOrEqual(promoted);
  });

  it('drops the speculation when the user goes on talking after the pause, and answers the whole question', async () => {
    const k = await kit();
    // "Good morning" … a short silence … "what time is it": a pause inside one utterance.
    k.providers.asr.transcript = 'good morning';
    k.speaks(1, 12).pauses(1);
    // The speculation heard the words so far and asked the LLM about them.
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(k.providers.llm.lastMessages.at(-1)?.content).toBe('good morning');
    k.providers.asr.transcript = 'good morning what time is it';
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.more(1, 10).ends(1);
    const turn = await k.turnDone(1);
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual([
      'good morning what time is it',
    ]);
    expect(turn.reply).toBe("It's noon.");
    expect(k.observer.speculations.dropped).toBeGreaterThanOrEqual(1);
    await noStreamLeftOpen(k);
  });
});

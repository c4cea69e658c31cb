import { describe, expect, it } from 'vitest';
import type { ServerMessage, TurnStatus } from '@parley/shared';
import { applyServerMessage, EMPTY_CONVERSATION } from './conversation.ts';
import { STAND_IN_FAILURE } from './turn-failure.ts';
import { intlFor } from '../i18n/intl.ts';

const en = intlFor('en');
import type { ConversationState } from './types.ts';

const empty = EMPTY_CONVERSATION;

/**
 * Reads like what the relay said: `relay().hears(1, 'what ti').heard(1, 'what time is it')
 * .says(1, "It's noon.").done(1)`. Each step applies one server message.
 */
function relay(state: ConversationState = empty) {
  let s = state;
  let seq = 0;
  const apply = (m: ServerMessage) => {
    s = applyServerMessage(s, m);
    return api;
  };
  const api = {
    get state() {
      return s;
    },
    /** What each bubble shows: `user 1: what time is it`, `assistant 1: It's noon. (completed)`. */
    get bubbles() {
      return s.entries.map(
        (e) =>
          `${e.role} ${e.turnId}: ${e.text}${e.final ? '' : ' …'}${e.status ? ` (${e.status})` : ''}`,
      );
    },
    hears: (turnId: number, text: string) => apply({ type: 'transcript.partial', turnId, text }),
    heard: (turnId: number, text: string) =>
      apply({ type: 'transcript.final', seq: seq++, turnId, text }),
    says: (turnId: number, text: string) =>
      apply({ type: 'reply.delta', seq: seq++, turnId, text }),
    truncated: (turnId: number, heard: string) =>
      apply({ type: 'reply.truncated', seq: seq++, turnId, heard }),
    done: (turnId: number, status: TurnStatus = 'completed', reply = '') =>
      apply({
        type: 'turn.done',
        seq: seq++,
        turnId,
        status,
        reply,
        audioSamples: 0,
        timings: { asrFinalMs: 40 },
      }),
    costs: (turnMicros: number, sessionMicros: number, turnId?: number) =>
      apply({
        type: 'cost',
        turnMicros,
        sessionMicros,
        userDayMicros: sessionMicros,
        ...(turnId === undefined ? {} : { turnId }),
      }),
    fails: (code: 'asr-failed' | 'tts-failed', message: string) =>
      apply({ type: 'error', code, message, retryable: true }),
    failsTurn: (
      turnId: number,
      code:
        'asr-failed' | 'llm-failed' | 'tts-failed' | 'budget-exceeded' | 'conversation-too-long',
      message = `${code}!`,
    ) =>
      apply({
        type: 'error',
        code,
        message,
        // As the relay sends them: neither is mended by asking again.
        retryable: code !== 'budget-exceeded' && code !== 'conversation-too-long',
        turnId,
      }),
    /** What the failed bubbles say: `assistant 1: <what failed> (retry)`. */
    get failures() {
      return s.entries.flatMap((e) =>
        e.failure
          ? [
              `${e.role} ${e.turnId}: ${'id' in e.failure.text ? en.formatMessage({ id: e.failure.text.id }) : e.failure.text.said}${e.failure.retryable ? ' (retry)' : ''}`,
            ]
          : [],
      );
    },
  };
  return api;
}

describe('the conversation the page shows', () => {
  it('grows the user bubble with partials, fixes it with the final text, streams the reply', () => {
    const r = relay()
      .hears(1, 'what')
      .hears(1, 'what time')
      .heard(1, 'what time is it')
      .says(1, "It's ")
      .says(1, 'noon.');
    expect(r.bubbles).toEqual(['user 1: what time is it', "assistant 1: It's noon. …"]);
    r.done(1, 'completed', "It's noon.");
    expect(r.bubbles).toEqual(['user 1: what time is it', "assistant 1: It's noon. (completed)"]);
    expect(r.state.traces).toEqual([
      expect.objectContaining({ turnId: 1, text: 'what time is it', status: 'completed' }),
    ]);
    expect(r.state.figures).toEqual([{ turnId: 1, relay: { asrFinalMs: 40 } }]);
  });

  it('drops the user bubble of an utterance that held no words', () => {
    expect(relay().hears(2, 'uh').heard(2, '').bubbles).toEqual([]);
    expect(relay().hears(2, 'uh').done(2, 'empty').bubbles).toEqual([]);
  });

  it('keeps only the words heard of an interrupted reply, whatever turn.done says after', () => {
    const r = relay()
      .heard(1, 'what can you do')
      .says(1, 'I can answer questions. I can also tell the time.')
      .truncated(1, 'I can answer questions.')
      .done(1, 'cancelled', 'I can answer questions. I can also tell the time.');
    expect(r.bubbles).toEqual([
      'user 1: what can you do',
      'assistant 1: I can answer questions. (interrupted)',
    ]);
  });

  it('marks a failed turn, and suggests typing when speech recognition failed', () => {
    const r = relay().heard(3, 'hello').fails('tts-failed', 'The voice is down.').done(3, 'failed');
    expect(r.bubbles.at(-1)).toBe('assistant 3:  (failed)');
    expect(r.state.notice).toBe('The voice is down.');
    expect(r.state.typingSuggested).toBe(false);
    expect(r.fails('asr-failed', 'Could not hear you.').state.typingSuggested).toBe(true);
  });

  it('keeps the running cost, and each turn’s own cost in its figures and trace', () => {
    const r = relay().costs(0, 120).costs(350, 470, 4);
    expect(r.state.sessionCostMicros).toBe(470);
    expect(r.state.figures).toEqual([{ turnId: 4, relay: {}, costMicros: 350 }]);
    expect(r.state.traces).toEqual([{ turnId: 4, client: {}, costMicros: 350 }]);
  });

  it('takes the providers an admin just saved: the offline notice goes with the offline responder', () => {
    const offline = {
      asr: { id: 'pocketsphinx', label: 'PocketSphinx' },
      llm: { id: 'offline-responder', label: 'Offline responder', notice: 'Connect a model…' },
      tts: { id: 'flite', label: 'Flite' },
    };
    const before = { ...relay().heard(1, 'hi').state, providers: offline };
    const llm = { id: 'ollama:llama3.2', label: 'ollama llama3.2' };
    const after = applyServerMessage(before, {
      type: 'providers.changed',
      providers: { ...offline, llm },
    });
    expect(after.providers?.llm).toEqual(llm);
    expect(after.entries).toBe(before.entries);
  });

  it('offers to ask again a question a stand-in answered because the model failed, not one a model answered', () => {
    const passedOver = [
      { id: 'ollama:llama3', label: 'llama3 (ollama)', kind: 'network' as const, status: null },
    ];
    const done = (turnId: number, answeredBy: { id: string; label: string; standIn?: true }) =>
      ({
        type: 'turn.done',
        seq: turnId,
        turnId,
        status: 'completed',
        reply: "Sorry, I can't answer that yet.",
        audioSamples: 0,
        timings: {},
        llmFallback: { passedOver, answeredBy },
      }) as const;
    const standIn = { id: 'offline-responder', label: 'Offline responder', standIn: true as const };
    const offline = applyServerMessage(empty, done(1, standIn));
    expect(offline.entries.find((e) => e.key === 'assistant-1')?.failure).toEqual(STAND_IN_FAILURE);
    const model = applyServerMessage(empty, done(2, { id: 'groq', label: 'Groq' }));
    expect(model.entries.find((e) => e.key === 'assistant-2')?.failure).toBeUndefined();
  });

  it('keeps what the relay said of a model that could not answer until one answers again', () => {
    const llmFallback = {
      passedOver: [
        { id: 'ollama:llama3', label: 'llama3 (ollama)', kind: 'network' as const, status: null },
      ],
      answeredBy: { id: 'offline-responder', label: 'Offline responder' },
    };
    const done = (turnId: number, status: TurnStatus, extra: object) =>
      ({
        type: 'turn.done',
        seq: turnId,
        turnId,
        status,
        reply: '',
        audioSamples: 0,
        timings: {},
        ...extra,
      }) as const;
    const fell = applyServerMessage(empty, done(1, 'completed', { llmFallback }));
    expect(fell.llmFallback).toEqual(llmFallback);
    // A turn that answered nothing says nothing of the model.
    expect(applyServerMessage(fell, done(2, 'empty', {})).llmFallback).toEqual(llmFallback);
    // The first provider answered: it works again.
    const back = applyServerMessage(
      fell,
      done(3, 'completed', { servedBy: { llm: 'ollama:llama3' } }),
    );
    expect(back.llmFallback).toBeNull();
    // New chains: the old one's failure says nothing of them.
    const changed = applyServerMessage(fell, {
      type: 'providers.changed',
      providers: {
        asr: { id: 'a', label: 'A' },
        llm: { id: 'b', label: 'B' },
        tts: { id: 'c', label: 'C' },
      },
    });
    expect(changed.llmFallback).toBeNull();
  });

  it('changes nothing for messages that are not the conversation’s', () => {
    const before = relay().heard(1, 'hi').state;
    const after = applyServerMessage(before, { type: 'ack', seq: 12 });
    expect(after).toBe(before);
  });

  describe('a failed turn', () => {
    it('says in its bubble that speech recognition failed, and leaves no empty bubble', () => {
      const r = relay().hears(1, 'what ti').failsTurn(1, 'asr-failed').done(1, 'failed');
      expect(r.bubbles).toEqual(['assistant 1:  (failed)']);
      expect(r.failures).toEqual([
        'assistant 1: Speech recognition failed: your words were not understood. (retry)',
      ]);
    });

    it('keeps the question and the apology when the language model failed', () => {
      const r = relay()
        .heard(1, 'what is the weather')
        .failsTurn(1, 'llm-failed')
        .done(1, 'failed', 'Sorry, I cannot answer right now.');
      expect(r.bubbles).toEqual([
        'user 1: what is the weather',
        'assistant 1: Sorry, I cannot answer right now. (failed)',
      ]);
      expect(r.failures).toEqual([
        'assistant 1: The language model failed: no real answer this time. (retry)',
      ]);
    });

    it('says a conversation too long for every model is not mended by asking again, and points to New conversation (en, nl)', () => {
      const r = relay()
        .heard(1, 'and one more thing')
        .failsTurn(1, 'conversation-too-long', 'This conversation is too long.')
        .done(1, 'failed', 'Sorry, this conversation has grown too long for my language model.');
      expect(r.failures).toEqual([
        'assistant 1: This conversation is too long for the language model: asking again will not help. Press New conversation to start another (during a call, press End first).',
      ]);
      const failure = r.state.entries.find((e) => e.key === 'assistant-1')?.failure;
      expect(failure?.retryable).toBe(false);
      if (!failure || !('id' in failure.text)) throw new Error('the failure names no message');
      const { id } = failure.text;
      const nl = intlFor('nl');
      expect(nl.formatMessage({ id })).toBe(
        'Dit gesprek is te lang voor het taalmodel: opnieuw vragen helpt niet. Druk op Nieuw gesprek om een nieuw gesprek te beginnen (tijdens een gesprek eerst op Ophangen).',
      );
      // It names the controls by the labels the page shows, in each language.
      for (const intl of [en, nl]) {
        const said = intl.formatMessage({ id });
        expect(said).toContain(intl.formatMessage({ id: 'newConversation' }));
        expect(said).toContain(intl.formatMessage({ id: 'controls.end' }));
      }
    });

    it('offers no retry when the spending cap stopped it, and says what the relay said', () => {
      const r = relay()
        .heard(1, 'tell me a story')
        .failsTurn(1, 'budget-exceeded', 'The daily budget of $1.00 is spent.')
        .done(1, 'failed');
      expect(r.failures).toEqual(['assistant 1: The daily budget of $1.00 is spent.']);
    });

    it('is no failure when the turn completed after a note (another voice took over)', () => {
      const r = relay()
        .heard(1, 'what can you do')
        .says(1, 'Many things.')
        .failsTurn(1, 'tts-failed', 'Another voice took over.')
        .done(1, 'completed', 'Many things.');
      expect(r.failures).toEqual([]);
      expect(r.bubbles).toEqual([
        'user 1: what can you do',
        'assistant 1: Many things. (completed)',
      ]);
    });
  });
});

describe('the built-in tools in the conversation', () => {
  it('shows a due reminder, and has the lists read again after it and after each turn', () => {
    const due = applyServerMessage(empty, {
      type: 'reminder.due',
      reminder: { id: 'r1', text: 'stretch', dueAt: 1 },
    });
    expect(due).toMatchObject({
      ringing: { id: 'r1', text: 'stretch', dueAt: 1 },
      notice: null,
      toolsVersion: 1,
    });
    const done = applyServerMessage(due, {
      type: 'turn.done',
      seq: 1,
      turnId: 1,
      status: 'completed',
      reply: 'OK.',
      audioSamples: 0,
      timings: {},
    });
    expect(done.toolsVersion).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/net/provider-error.ts';
import { Attempt } from '../../src/providers/resilience/attempt.ts';
import type { ChatMessage, LlmEvent, LlmProvider } from '../../src/providers/types.ts';
import type { Fault } from '../fakes/faults.ts';
import { collect, failureOf } from './conformance-kit.ts';

/** A language model under test. */
export interface LlmSubject {
  llm: LlmProvider;
  close(): Promise<void>;
}

/** A model that calls a service, against a fake of it speaking the service's protocol. */
export interface LlmServiceSubject extends LlmSubject {
  /** Requests the fake received. */
  requests(): number;
  /** Responses the fake has open: 0 once the model closed or finished every request. */
  openResponses(): number;
}

/** What the suite is given of one LLM adapter. */
export interface LlmCase {
  /** The model, ready to answer (a service's against a healthy fake). */
  start(): Promise<LlmSubject>;
  /** It says what it sends (a `prompt` event) before it sends it: services with a prompt do. */
  reportsPrompt: boolean;
  /** For a service: the model against its fake doing `fault`, or given a key it refuses. */
  service?: {
    start(fault: Fault): Promise<LlmServiceSubject>;
    withWrongKey(): Promise<LlmServiceSubject & { key: string }>;
  };
}

const MESSAGES: ChatMessage[] = [{ role: 'user', content: 'what is two plus two' }];

const texts = (events: readonly LlmEvent[]) =>
  events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

/**
 * What every language-model adapter must do (issue 47): stream its answer as text events and end;
 * report its usage (input and output tokens, after the text) and, where it has a system prompt,
 * what it sends (a `prompt` event before any text: the meter's estimate when no usage comes); end
 * at once on an aborted signal, when its deadline passes (the failover chain's `Attempt` aborts
 * it) and when the consumer leaves, closing its request; and fail typed — a refused key as
 * `auth` without the key, an error status as `http` with its `Retry-After`, a stream that does
 * not parse as `protocol`, a connection lost as `network`. The offline responder and a model run
 * in the relay call no service: the contract of a service's failures does not apply to them.
 */
export function llmConformance(name: string, c: LlmCase): void {
  describe(`${name}: the LLM contract`, () => {
    async function withSubject<S extends LlmSubject>(
      started: Promise<S>,
      run: (s: S) => Promise<void>,
    ): Promise<void> {
      const s = await started;
      try {
        await run(s);
      } finally {
        await s.close();
      }
    }
    const ask = (llm: LlmProvider, signal: AbortSignal) =>
      llm.stream({ messages: MESSAGES, signal });

    it('streams its answer as text and reports its usage after it', () =>
      withSubject(c.start(), async ({ llm }) => {
        const events = await collect(ask(llm, AbortSignal.timeout(60_000)));
        expect(texts(events).trim()).not.toBe('');
        expect(events.filter((e) => e.type === 'text').every((e) => e.text !== '')).toBe(true);
        const usage = events.flatMap((e) => (e.type === 'usage' ? [e] : [])).at(-1);
        expect(usage?.inputTokens).toBeGreaterThan(0);
        expect(usage?.outputTokens).toBeGreaterThan(0);
        const lastText = events.findLastIndex((e) => e.type === 'text');
        expect(events.findLastIndex((e) => e.type === 'usage')).toBeGreaterThan(lastText);
      }));

    if (c.reportsPrompt)
      it('says what it sends, its system prompt first, before any text', () =>
        withSubject(c.start(), async ({ llm }) => {
          const events = await collect(ask(llm, AbortSignal.timeout(60_000)));
          const at = events.findIndex((e) => e.type === 'prompt');
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThan(events.findIndex((e) => e.type === 'text'));
          const sent = events[at]?.type === 'prompt' ? events[at].messages : [];
          expect(sent[0]?.role).toBe('system');
          expect(sent.slice(1)).toEqual(MESSAGES);
        }));

    it('rejects at once on a signal already aborted', () =>
      withSubject(c.start(), async ({ llm }) => {
        const error = await failureOf(collect(ask(llm, AbortSignal.abort())));
        expect(error).toMatchObject({ name: 'AbortError' });
      }));

    it('lets the consumer leave at its first words, and answers again after', () =>
      withSubject(c.start(), async ({ llm }) => {
        for await (const event of ask(llm, new AbortController().signal))
          if (event.type === 'text') break;
        expect(texts(await collect(ask(llm, AbortSignal.timeout(60_000)))).trim()).not.toBe('');
      }));

    const service = c.service;
    if (!service) return;

    it('asks nothing of its service on a signal already aborted', () =>
      withSubject(service.start({ kind: 'none' }), async (s) => {
        await failureOf(collect(ask(s.llm, AbortSignal.abort())));
        expect(s.requests()).toBe(0);
      }));

    it('closes its request when the consumer leaves at its first words', () =>
      withSubject(service.start({ kind: 'stall', afterChunks: 4 }), async (s) => {
        // A stalled stream never ends by itself: only the adapter can close it.
        for await (const event of ask(s.llm, new AbortController().signal))
          if (event.type === 'text') break;
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('ends when its deadline passes, before any text, and closes the request', () =>
      withSubject(service.start({ kind: 'hang' }), async (s) => {
        const attempt = new Attempt(new AbortController().signal, s.llm.info.id, { firstMs: 50 });
        try {
          const error = await failureOf(collect(ask(s.llm, attempt.signal)));
          expect(attempt.error(error)).toMatchObject({ kind: 'timeout' });
        } finally {
          attempt.dispose();
        }
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('ends when aborted mid-answer, and closes the request', () =>
      withSubject(service.start({ kind: 'stall', afterChunks: 3 }), async (s) => {
        const controller = new AbortController();
        const done = collect(ask(s.llm, controller.signal));
        await expect.poll(() => s.requests()).toBe(1);
        controller.abort();
        expect(await failureOf(done)).toMatchObject({ name: 'AbortError' });
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('fails typed on a refused key: auth, its status, the key in no message', async () => {
      const s = await service.withWrongKey();
      try {
        const error = await failureOf(collect(ask(s.llm, AbortSignal.timeout(10_000))));
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'auth', status: 401, providerId: s.llm.info.id });
        expect(String(error)).not.toContain(s.key);
      } finally {
        await s.close();
      }
    });

    it('fails typed on an error status: http, with its status and Retry-After', () =>
      withSubject(service.start({ kind: 'status', status: 429, retryAfterS: 3 }), async (s) => {
        const error = await failureOf(collect(ask(s.llm, AbortSignal.timeout(10_000))));
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 3000 });
      }));

    it('fails typed on a stream that does not parse: protocol', () =>
      withSubject(service.start({ kind: 'malformed', afterChunks: 3 }), async (s) => {
        const error = await failureOf(collect(ask(s.llm, AbortSignal.timeout(10_000))));
        expect(error).toMatchObject({ kind: 'protocol' });
        await expect.poll(() => s.openResponses()).toBe(0);
      }));

    it('fails typed on a connection lost mid-answer: network', () =>
      withSubject(service.start({ kind: 'reset', afterChunks: 3 }), async (s) => {
        const error = await failureOf(collect(ask(s.llm, AbortSignal.timeout(10_000))));
        expect(error).toMatchObject({ kind: 'network' });
        await expect.poll(() => s.openResponses()).toBe(0);
      }));
  });
}

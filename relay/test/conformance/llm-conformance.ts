import { describe, expect, it } from 'vitest';
import type { ChatMessage, LlmEvent, LlmProvider } from '../../src/providers/stages/llm.ts';
import type { ToolSpec } from '../../src/tools/tool.ts';
import type { FakeLlmStep } from '../fakes/llm-script.ts';
import {
  collect,
  failureOf,
  serviceContract,
  using,
  type Closable,
  type ServiceCases,
} from './conformance-kit.ts';

/** A language model under test. */
export interface LlmSubject extends Closable {
  llm: LlmProvider;
}

/** What the suite is given of one LLM adapter. */
export interface LlmCase {
  /** The model, ready to answer (a service's against a healthy fake). */
  start(): Promise<LlmSubject>;
  /** It says what it sends (a `prompt` event) before it sends it: services with a prompt do. */
  reportsPrompt: boolean;
  /** For a model of a service: it against its fake doing a fault, or given a key it refuses. */
  service?: ServiceCases<LlmSubject>;
  /**
   * For a model that calls tools: it against its fake answering the next requests with `script`
   * (one step each), then as it does by default — the last tool result said back in its words.
   */
  tools?: { start(script: FakeLlmStep[]): Promise<LlmSubject> };
}

const MESSAGES: ChatMessage[] = [{ role: 'user', content: 'what is two plus two' }];

const ask = (llm: LlmProvider, signal: AbortSignal) =>
  collect(llm.stream({ messages: MESSAGES, signal }));

const texts = (events: readonly LlmEvent[]) =>
  events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

/** Reads `llm`'s answer to its first words, and leaves. */
async function firstWords(llm: LlmProvider): Promise<void> {
  for await (const event of llm.stream({
    messages: MESSAGES,
    signal: new AbortController().signal,
  }))
    if (event.type === 'text') return;
}

/**
 * What every language-model adapter must do (issue 47): stream its answer as text events and end;
 * report its usage (input and output tokens, after the text) and, where it has a system prompt,
 * what it sends (a `prompt` event before any text: the meter's estimate when no usage comes); end
 * at once on an aborted signal and let the consumer leave; for a model of a service (see
 * `serviceContract`: nothing asked when aborted, its deadline, failures typed), close its request
 * when the consumer leaves or it is aborted mid-answer. The offline responder and a model run in
 * the relay call no service: the contract of a service's failures does not apply to them.
 */
export function llmConformance(name: string, c: LlmCase): void {
  describe(`${name}: the LLM contract`, () => {
    it('streams its answer as text and reports its usage after it', () =>
      using(c.start(), async ({ llm }) => {
        const events = await ask(llm, AbortSignal.timeout(60_000));
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
        using(c.start(), async ({ llm }) => {
          const events = await ask(llm, AbortSignal.timeout(60_000));
          const at = events.findIndex((e) => e.type === 'prompt');
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThan(events.findIndex((e) => e.type === 'text'));
          const sent = events[at]?.type === 'prompt' ? events[at].messages : [];
          expect(sent[0]?.role).toBe('system');
          expect(sent.slice(1)).toEqual(MESSAGES);
        }));

    it('rejects at once on a signal already aborted', () =>
      using(c.start(), async ({ llm }) => {
        const error = await failureOf(ask(llm, AbortSignal.abort()));
        expect(error).toMatchObject({ name: 'AbortError' });
      }));

    it('lets the consumer leave at its first words, and answers again after', () =>
      using(c.start(), async ({ llm }) => {
        await firstWords(llm);
        expect(texts(await ask(llm, AbortSignal.timeout(60_000))).trim()).not.toBe('');
      }));

    if (c.tools) toolCallContract(c.tools);

    const service = c.service;
    if (!service) return;
    serviceContract({
      service,
      call: (s, signal) => ask(s.llm, signal),
      idOf: (s) => s.llm.info.id,
      protocolFault: { kind: 'malformed', afterChunks: 3 },
      networkFault: { kind: 'reset', afterChunks: 3 },
    });

    it('closes its request when the consumer leaves at its first words', () =>
      using(service.start({ kind: 'stall', afterChunks: 4 }), async (s) => {
        // A stalled stream never ends by itself: only the adapter can close it.
        await firstWords(s.llm);
        await expect.poll(() => s.openConnections()).toBe(0);
      }));

    it('ends when aborted mid-answer, and closes the request', () =>
      using(service.start({ kind: 'stall', afterChunks: 3 }), async (s) => {
        const controller = new AbortController();
        const done = failureOf(ask(s.llm, controller.signal));
        await expect.poll(() => s.requests()).toBe(1);
        controller.abort();
        expect(await done).toMatchObject({ name: 'AbortError' });
        await expect.poll(() => s.openConnections()).toBe(0);
      }));
  });
}

/** The tool every tool-call check offers the model. */
const ADD: ToolSpec = {
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
};

const askWithTools = (llm: LlmProvider, messages: readonly ChatMessage[] = MESSAGES) =>
  collect(llm.stream({ messages, tools: [ADD], signal: AbortSignal.timeout(60_000) }));

const callsIn = (events: readonly LlmEvent[]) =>
  events.flatMap((e) => (e.type === 'tool-call' ? [e] : []));

/**
 * What every adapter of a model that calls tools must do (issue 48): send the tools, yield each
 * call whole — its id, its name, its arguments as the model wrote them, however many deltas they
 * came in and however many calls came at once — before its usage; pass on as written a call to a
 * tool it was not given and arguments that are not JSON (the turn tells the model); and send
 * earlier calls and their results back in the provider's format, which its fake checks as the
 * service does (a result answering no call, a call left unanswered: refused).
 */
function toolCallContract(tools: NonNullable<LlmCase['tools']>): void {
  it('yields a tool call whole, with its id, name and arguments, before its usage', () =>
    using(
      tools.start([
        { text: 'Let me add.', toolCalls: [{ name: 'add', arguments: '{"a":1,"b":2}' }] },
      ]),
      async ({ llm }) => {
        const events = await askWithTools(llm);
        const [call, ...more] = callsIn(events);
        expect(more).toEqual([]);
        expect(call?.id).not.toBe('');
        expect(call?.name).toBe('add');
        expect(JSON.parse(call?.arguments ?? '')).toEqual({ a: 1, b: 2 });
        expect(texts(events)).toBe('Let me add.');
        const at = events.findIndex((e) => e.type === 'tool-call');
        expect(events.findLastIndex((e) => e.type === 'usage')).toBeGreaterThan(at);
      },
    ));

  it('puts together a call whose arguments came in many deltas', () => {
    const args = JSON.stringify({ a: 1234.5, b: -678, note: 'a long argument, in pieces' });
    return using(
      tools.start([{ toolCalls: [{ name: 'add', arguments: args, pieces: 17 }] }]),
      async ({ llm }) => {
        const calls = callsIn(await askWithTools(llm));
        expect(calls.map((c) => c.arguments)).toEqual([args]);
      },
    );
  });

  it('yields two calls made at once, in order, with their own ids', () =>
    using(
      tools.start([
        {
          interleaved: true,
          toolCalls: [
            { name: 'add', arguments: '{"a":1,"b":2}', pieces: 3 },
            { name: 'add', arguments: '{"a":30,"b":40}', pieces: 4 },
          ],
        },
      ]),
      async ({ llm }) => {
        const calls = callsIn(await askWithTools(llm));
        expect(calls.map((c) => JSON.parse(c.arguments) as unknown)).toEqual([
          { a: 1, b: 2 },
          { a: 30, b: 40 },
        ]);
        expect(new Set(calls.map((c) => c.id)).size).toBe(2);
      },
    ));

  it('passes on as written arguments that are not JSON, and a call to a tool it was not given', () =>
    using(
      tools.start([
        {
          toolCalls: [
            { name: 'add', arguments: '{"a": 1, "b":' },
            { name: 'launch_rockets', arguments: '{}' },
          ],
        },
      ]),
      async ({ llm }) => {
        const calls = callsIn(await askWithTools(llm));
        expect(calls.map((c) => [c.name, c.arguments])).toEqual([
          ['add', '{"a": 1, "b":'],
          ['launch_rockets', '{}'],
        ]);
      },
    ));

  it('sends earlier calls and their results back, and answers on them', () =>
    using(tools.start([]), async ({ llm }) => {
      const messages: ChatMessage[] = [
        ...MESSAGES,
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_1', name: 'add', arguments: '{"a":2,"b":2}' },
            { id: 'call_2', name: 'add', arguments: '{"a":' },
          ],
        },
        { role: 'tool', callId: 'call_1', name: 'add', content: 'four' },
        {
          role: 'tool',
          callId: 'call_2',
          name: 'add',
          content: 'The arguments were not JSON.',
          isError: true,
        },
      ];
      expect(texts(await askWithTools(llm, messages))).toContain('The arguments were not JSON.');
    }));
}

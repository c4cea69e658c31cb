import type { ProviderInfo } from '@parley/shared';
import { joinUrl, probeGet, providerFetch } from '../../net/http.ts';
import { ProviderError } from '../../net/provider-error.ts';
import { secretsSent } from '../../../secrets/secret-scrub.ts';
import { parseEventJson, sseEvents } from '../../net/sse.ts';
import { maxTokensFor, systemMessage, systemPromptFor } from '../../llm/system-prompt.ts';
import type { LlmEvent, LlmProvider, LlmRequest, ToolCall } from '../../stages/llm.ts';
import { alternating, anthropicTools } from './messages-content.ts';

export interface AnthropicOptions {
  apiKey: string;
  /** Default `https://api.anthropic.com`. */
  baseUrl: string;
  model: string;
  systemPrompt: string;
  maxTokens: number;
}

/** Anthropic's API version header (the one this adapter speaks). */
export const ANTHROPIC_VERSION = '2023-06-01';

interface AnthropicEvent {
  type?: string;
  index?: number;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  content_block?: { type?: string; id?: string; name?: string; input?: unknown };
  delta?: { type?: string; text?: string; partial_json?: string };
  usage?: { output_tokens?: number };
  error?: { type?: string; message?: string };
}

/**
 * Anthropic's Messages API with `stream: true` (its named SSE events). Tools go out as `tools`;
 * a tool call streams as a `tool_use` content block (`content_block_start` with its id and name,
 * its input as `input_json_delta` pieces, `content_block_stop`), yielded whole at its stop, each
 * piece meanwhile as `progress`; results go back as `tool_result` blocks.
 */
export class AnthropicLlm implements LlmProvider {
  readonly info: ProviderInfo;

  constructor(private readonly options: AnthropicOptions) {
    this.info = { id: `anthropic:${options.model}`, label: `${options.model} (Anthropic)` };
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    const { options } = this;
    const id = this.info.id;
    const system = systemMessage(
      systemPromptFor(options.systemPrompt, request.style, request.memory),
      request.timeZone,
    );
    yield {
      type: 'prompt',
      messages: [system, ...request.messages.filter((m) => m.role !== 'system')],
    };
    const url = joinUrl(options.baseUrl, 'v1/messages');
    const headers = {
      'Content-Type': 'application/json',
      'x-api-key': options.apiKey,
      'anthropic-version': ANTHROPIC_VERSION,
    };
    const secrets = secretsSent(url, headers);
    const res = await providerFetch(id, url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: options.model,
        max_tokens: maxTokensFor(options.maxTokens, request.style),
        system: system.content,
        messages: alternating(request.messages),
        ...anthropicTools(request.tools),
        stream: true,
      }),
      signal: request.signal,
    });
    let inputTokens = 0;
    let outputTokens = 0;
    let stopped = false;
    /** The tool calls being streamed, by their block's index. */
    const calls = new Map<number, ToolCall & { input: unknown }>();
    for await (const event of sseEvents(id, res, secrets)) {
      const data = parseEventJson(id, event.data, secrets) as AnthropicEvent;
      switch (data.type) {
        case 'message_start':
          inputTokens = data.message?.usage?.input_tokens ?? 0;
          outputTokens = data.message?.usage?.output_tokens ?? 0;
          break;
        case 'content_block_start': {
          const block = data.content_block;
          if (block?.type !== 'tool_use') break;
          calls.set(data.index ?? -1, {
            id: block.id ?? `toolu_${calls.size}`,
            name: block.name ?? '',
            arguments: '',
            input: block.input,
          });
          yield { type: 'progress' };
          break;
        }
        case 'content_block_delta':
          if (data.delta?.type === 'text_delta' && data.delta.text) {
            yield { type: 'text', text: data.delta.text };
          } else if (data.delta?.type === 'input_json_delta') {
            const call = calls.get(data.index ?? -1);
            if (call) call.arguments += data.delta.partial_json ?? '';
            yield { type: 'progress' };
          }
          break;
        case 'content_block_stop': {
          const call = calls.get(data.index ?? -1);
          if (!call) break;
          calls.delete(data.index ?? -1);
          yield { type: 'tool-call', ...toolCall(call) };
          break;
        }
        case 'message_delta':
          outputTokens = data.usage?.output_tokens ?? outputTokens;
          break;
        case 'message_stop':
          stopped = true;
          break;
        case 'error':
          throw new ProviderError(id, 'http', 'stream error', {
            excerpt: `${data.error?.type ?? 'error'}: ${data.error?.message ?? ''}`,
            secrets,
          });
        default:
          break; // ping, and future event types
      }
      if (stopped) break;
    }
    if (!stopped) throw new ProviderError(id, 'network', 'stream ended before message_stop');
    yield { type: 'usage', inputTokens, outputTokens };
  }

  probe(signal: AbortSignal): Promise<void> {
    return probeGet(
      this.info.id,
      joinUrl(this.options.baseUrl, 'v1/models'),
      { 'x-api-key': this.options.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      signal,
    );
  }

  async close(): Promise<void> {}
}

/**
 * A streamed tool_use block, whole: its input's JSON pieces joined (none: the input its start
 * gave, `{}` for a tool without arguments).
 */
function toolCall(call: ToolCall & { input: unknown }): ToolCall {
  const { id, name } = call;
  if (call.arguments !== '') return { id, name, arguments: call.arguments };
  const input = call.input ?? {};
  return { id, name, arguments: JSON.stringify(input) };
}

import type { ProviderInfo } from '@parley/shared';
import { joinUrl, probeGet, providerFetch } from '../../net/http.ts';
import { ProviderError } from '../../net/provider-error.ts';
import { secretsSent } from '../../../secrets/secret-scrub.ts';
import { parseEventJson, sseEvents } from '../../net/sse.ts';
import { maxTokensFor, systemMessage, systemPromptFor } from '../../llm/system-prompt.ts';
import type { ChatMessage, LlmEvent, LlmProvider, LlmRequest } from '../../types.ts';

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
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  delta?: { type?: string; text?: string };
  usage?: { output_tokens?: number };
  error?: { type?: string; message?: string };
}

/** Anthropic's Messages API with `stream: true` (its named SSE events). */
export class AnthropicLlm implements LlmProvider {
  readonly info: ProviderInfo;

  constructor(private readonly options: AnthropicOptions) {
    this.info = { id: `anthropic:${options.model}`, label: `${options.model} (Anthropic)` };
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    const { options } = this;
    const id = this.info.id;
    const system = systemMessage(
      systemPromptFor(options.systemPrompt, request.style),
      request.timeZone,
    );
    const messages = alternating(request.messages);
    yield { type: 'prompt', messages: [system, ...messages] };
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
        messages,
        stream: true,
      }),
      signal: request.signal,
    });
    let inputTokens = 0;
    let outputTokens = 0;
    let stopped = false;
    for await (const event of sseEvents(id, res, secrets)) {
      const data = parseEventJson(id, event.data, secrets) as AnthropicEvent;
      switch (data.type) {
        case 'message_start':
          inputTokens = data.message?.usage?.input_tokens ?? 0;
          outputTokens = data.message?.usage?.output_tokens ?? 0;
          break;
        case 'content_block_delta':
          if (data.delta?.type === 'text_delta' && data.delta.text) {
            yield { type: 'text', text: data.delta.text };
          }
          break;
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
          break; // ping, content_block_start/stop, and future event types
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
 * Anthropic wants user/assistant turns that alternate and start with the user: merge
 * consecutive messages of one role, drop system messages (the system prompt is separate).
 */
function alternating(
  messages: readonly ChatMessage[],
): { role: 'user' | 'assistant'; content: string }[] {
  const out: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.content.trim() === '') continue;
    const last = out.at(-1);
    if (last?.role === m.role) last.content += `\n${m.content}`;
    else out.push({ role: m.role, content: m.content });
  }
  while (out[0]?.role === 'assistant') out.shift();
  return out;
}

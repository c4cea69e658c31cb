import type { ProviderInfo } from '@parley/shared';
import { joinUrl, providerFetch } from '../../net/http.ts';
import { ProviderError } from '../../net/provider-error.ts';
import { secretsSent } from '../../../secrets/secret-scrub.ts';
import { parseEventJson, sseEvents } from '../../net/sse.ts';
import { maxTokensFor, systemMessage, systemPromptFor } from '../../llm/system-prompt.ts';
import type { ChatMessage, LlmEvent, LlmProvider, LlmRequest } from '../../stages/llm.ts';
import { openAiMessages, openAiTools, ToolCallAssembly, type ToolCallDelta } from './chat-tools.ts';
import { authHeaders, probeModels, type OpenAiEndpoint } from './options.ts';

export interface OpenAiChatOptions extends OpenAiEndpoint {
  model: string;
  systemPrompt: string;
  maxTokens: number;
  /** Ask for the usage chunk (`stream_options.include_usage`); some servers reject it. */
  streamUsage: boolean;
}

interface ChatChunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: ToolCallDelta[] | null };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/**
 * Chat completions with SSE token streaming, as OpenAI, Groq, OpenRouter, Together, Ollama,
 * vLLM, llama.cpp server and LM Studio speak it. Usage comes from the final usage chunk when the
 * server sends one. Tools go out as `tools` (functions); the answer's tool calls are streamed as
 * index-keyed `tool_calls` deltas, put together here and yielded whole when the choice finishes
 * (`finish_reason` `tool_calls`; some servers say `stop`), each delta meanwhile as `progress`.
 */
export class OpenAiChatLlm implements LlmProvider {
  readonly info: ProviderInfo;

  constructor(private readonly options: OpenAiChatOptions) {
    this.info = {
      id: `${options.name}:${options.model}`,
      label: `${options.model} (${options.name})`,
    };
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    const { options } = this;
    const id = this.info.id;
    const messages: ChatMessage[] = [
      systemMessage(
        systemPromptFor(options.systemPrompt, request.style, request.memory),
        request.timeZone,
      ),
      ...request.messages,
    ];
    yield { type: 'prompt', messages };
    const headers = { 'Content-Type': 'application/json', ...authHeaders(options) };
    const url = joinUrl(options.baseUrl, 'chat/completions');
    const secrets = secretsSent(url, headers);
    const res = await providerFetch(id, url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: options.model,
        messages: openAiMessages(messages),
        ...openAiTools(request.tools),
        stream: true,
        max_tokens: maxTokensFor(options.maxTokens, request.style),
        ...(options.streamUsage ? { stream_options: { include_usage: true } } : {}),
      }),
      signal: request.signal,
    });
    let done = false;
    const calls = new ToolCallAssembly();
    for await (const event of sseEvents(id, res, secrets)) {
      if (event.data === '[DONE]') {
        done = true;
        break;
      }
      const parsed = parseEventJson(id, event.data, secrets);
      if (typeof parsed !== 'object' || parsed === null) {
        throw new ProviderError(id, 'protocol', 'chunk is not an object');
      }
      const chunk = parsed as ChatChunk;
      if (chunk.error) {
        throw new ProviderError(id, 'http', 'stream error', {
          excerpt: chunk.error.message ?? 'unknown',
          secrets,
        });
      }
      const choice = chunk.choices?.[0];
      const text = choice?.delta?.content;
      if (typeof text === 'string' && text !== '') yield { type: 'text', text };
      const deltas = choice?.delta?.tool_calls;
      if (Array.isArray(deltas) && deltas.length > 0) {
        calls.add(deltas);
        yield { type: 'progress' };
      }
      if (typeof choice?.finish_reason === 'string')
        for (const call of calls.take()) yield { type: 'tool-call', ...call };
      const usage = chunk.usage;
      if (usage && typeof usage.prompt_tokens === 'number') {
        yield {
          type: 'usage',
          inputTokens: usage.prompt_tokens,
          outputTokens: usage.completion_tokens ?? 0,
        };
      }
    }
    if (!done) throw new ProviderError(id, 'network', 'stream ended before [DONE]');
    // A server that never said why its choice finished: its calls are whole at the end.
    for (const call of calls.take()) yield { type: 'tool-call', ...call };
  }

  probe(signal: AbortSignal): Promise<void> {
    return probeModels(this.info.id, this.options, signal);
  }

  async close(): Promise<void> {}
}

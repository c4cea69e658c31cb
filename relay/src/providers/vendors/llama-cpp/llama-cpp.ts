import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ProviderInfo } from '@parley/shared';
import type {
  ChatHistoryItem,
  Llama,
  LlamaChat,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
} from 'node-llama-cpp';
import { logger } from '../../../log/logger.ts';
import { ProviderError } from '../../net/provider-error.ts';
import type { ChatMessage, LlmEvent, LlmProvider, LlmRequest } from '../../stages/llm.ts';
import { maxTokensFor, systemMessage, systemPromptFor } from '../../llm/system-prompt.ts';

export interface LlamaCppLlmOptions {
  /** Path of the GGUF model file (`LLM_MODEL_PATH`). */
  modelPath: string;
  /**
   * Tokens one conversation may occupy (prompt and answer), per sequence. Default: as many as
   * memory allows up to the model's training context, at most 4,096. Older turns are dropped
   * when a conversation outgrows it.
   */
  contextSize?: number;
  /** Most tokens one answer may generate. Default 256. */
  maxTokens?: number;
  /** CPU threads that evaluate the model. Default: the machine's math cores (`cpuMathCores`). */
  threads?: number;
  /** Sent first as a system message, with the user's local date and time. Default: none. */
  systemPrompt?: string;
  /**
   * Answers generated at once, each on its own context sequence (more memory per sequence);
   * further requests wait in line. Default 1: requests are served one after another.
   */
  parallel?: number;
}

type NodeLlamaCpp = typeof import('node-llama-cpp');

const log = logger('relay:llm', { provider: 'llama-cpp' });
const UNLOADED = 'the local model was unloaded';

/** The last native error lines, quoted in load errors ("Failed to load model" says little). */
const nativeErrors: string[] = [];
let sharedLlama: Promise<Llama> | undefined;

/**
 * One llama.cpp binding per process, as node-llama-cpp recommends: the native backend and its
 * logger are process-wide, so models share it and closing a model never disposes it. CPU only,
 * with the prebuilt binary; nothing is built or downloaded at run time.
 */
function llamaRuntime(lib: NodeLlamaCpp): Promise<Llama> {
  sharedLlama ??= lib
    .getLlama({
      build: 'never',
      gpu: false,
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level, message) => {
        const line = message.trim();
        if (line === '') return;
        const isError = level === lib.LlamaLogLevel.error || level === lib.LlamaLogLevel.fatal;
        if (isError && !nativeErrors.includes(line)) {
          nativeErrors.push(line);
          nativeErrors.splice(0, nativeErrors.length - 3);
        }
        // Not `error`: the exception that follows a native error is what gets reported.
        log.warn({ nativeLevel: level }, `llama.cpp: ${line}`);
      },
    })
    .catch((err: unknown) => {
      sharedLlama = undefined;
      throw err;
    });
  return sharedLlama;
}

/**
 * Rejects what is not a GGUF file before node-llama-cpp reads it: its metadata reader spins
 * forever on a header whose counts are garbage (e.g. a file truncated after 16 bytes).
 */
async function checkGgufHeader(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(24);
    const { bytesRead } = await file.read(header, 0, header.length, 0);
    if (bytesRead < header.length) throw new Error(`${size} bytes is too short for a GGUF file`);
    if (header.toString('latin1', 0, 4) !== 'GGUF') throw new Error('no GGUF magic number');
    const version = header.readUInt32LE(4);
    if (version < 2 || version > 3) throw new Error(`unsupported GGUF version ${version}`);
    // Each tensor description takes at least 33 bytes and each metadata entry 14.
    const least = header.readBigUInt64LE(8) * 33n + header.readBigUInt64LE(16) * 14n;
    if (least > BigInt(size)) throw new Error('truncated or corrupt (header counts exceed size)');
  } finally {
    await file.close();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A context sequence and the chat evaluator bound to it; one answer at a time uses it. */
interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

/** Hands out free slots in request order; an aborted wait leaves the line. */
class SlotPool {
  private readonly waiters: { resolve: (slot: Slot) => void; reject: (err: unknown) => void }[] =
    [];

  constructor(private readonly free: Slot[]) {}

  acquire(signal: AbortSignal): Promise<Slot> {
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (s: Slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(s);
        },
        reject: (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(slot: Slot): void {
    const next = this.waiters.shift();
    if (next) next.resolve(slot);
    else this.free.push(slot);
  }

  rejectWaiting(err: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }
}

/** Text chunks handed from node-llama-cpp's callbacks to the iterator that yields them. */
class ChunkQueue {
  private readonly chunks: string[] = [];
  private wake: (() => void) | undefined;
  /** Generation has stopped: nothing more will be pushed. */
  ended = false;

  push(text: string): void {
    this.chunks.push(text);
    this.wakeUp();
  }

  end(): void {
    this.ended = true;
    this.wakeUp();
  }

  shift(): string | undefined {
    return this.chunks.shift();
  }

  /** Resolves at the next push, end or {@link wakeUp}. */
  next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  wakeUp(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((m): ChatHistoryItem => {
    switch (m.role) {
      case 'system':
        return { type: 'system', text: m.content };
      case 'user':
        return { type: 'user', text: m.content };
      case 'assistant':
        return { type: 'model', response: [m.content] };
      case 'tool':
        // Asked after another model of the chain called a tool: its result, as words.
        return { type: 'user', text: `(${m.name} answered: ${m.content})` };
    }
  });
  // A trailing assistant message is continued; otherwise a new answer starts.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/**
 * A local GGUF model run in-process by llama.cpp (node-llama-cpp's prebuilt CPU binary). The
 * conversation is rendered with the model's own chat template (or node-llama-cpp's generic
 * format when the model has none) and decoded greedily; text is yielded token by token.
 *
 * Concurrency: each answer runs on a context sequence of its own, `parallel` of them (default
 * 1), so requests never share KV cache state; extra requests wait in line. A sequence keeps the
 * previous conversation's cache, so the next turn of the same conversation only evaluates the new
 * messages.
 *
 * Usage is exact: `inputTokens` is the rendered prompt tokenized by the model's tokenizer (after
 * any trimming to fit the context); `outputTokens` counts the tokens the model sampled, as
 * node-llama-cpp meters them on the sequence (including the end-of-turn token when the model
 * stops by itself).
 */
export class LlamaCppLlm implements LlmProvider {
  readonly info: ProviderInfo;
  private readonly running = new Set<{ stop: AbortController; done: Promise<unknown> }>();
  private closed = false;

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly pool: SlotPool,
    private readonly options: Readonly<LlamaCppLlmOptions>,
  ) {
    const name = basename(options.modelPath).replace(/\.gguf$/i, '');
    this.info = { id: `llama-cpp:${name}`, label: `Local model (${name})` };
  }

  /**
   * Loads the model and warms a context. Throws `LLM_MODEL_PATH=… is not a readable GGUF
   * model: …` when the file is missing or not a model llama.cpp can load.
   */
  static async load(options: LlamaCppLlmOptions): Promise<LlamaCppLlm> {
    const { modelPath } = options;
    const unreadable = (why: string, cause: unknown) =>
      new Error(`LLM_MODEL_PATH=${modelPath} is not a readable GGUF model: ${why}`, { cause });
    const lib = await import('node-llama-cpp');
    const llama = await llamaRuntime(lib);
    let model: LlamaModel;
    try {
      await checkGgufHeader(modelPath);
      nativeErrors.length = 0;
      model = await llama.loadModel({ modelPath });
    } catch (err) {
      const native = nativeErrors.splice(0).join('; ');
      throw unreadable(native === '' ? describe(err) : `${describe(err)} (${native})`, err);
    }
    try {
      const parallel = Math.max(1, Math.floor(options.parallel ?? 1));
      const context = await model.createContext({
        sequences: parallel,
        contextSize: options.contextSize ?? { max: 4096 },
        // node-llama-cpp would run at least 4 threads: oversubscribed on a 2-core machine.
        threads: options.threads ?? llama.cpuMathCores,
      });
      // Resolved once: a model without a usable template gets the generic wrapper.
      const chatWrapper = lib.resolveChatWrapper(model, { warningLogs: false });
      const slots = Array.from({ length: parallel }, () => {
        const sequence = context.getSequence();
        return { sequence, chat: new lib.LlamaChat({ contextSequence: sequence, chatWrapper }) };
      });
      const provider = new LlamaCppLlm(model, context, new SlotPool(slots), options);
      log.info(
        { model: provider.info.id, chatWrapper: chatWrapper.wrapperName, parallel },
        'local model loaded',
      );
      return provider;
    } catch (err) {
      await model.dispose();
      throw new Error(`LLM_MODEL_PATH=${modelPath}: could not create a context: ${describe(err)}`, {
        cause: err,
      });
    }
  }

  async *stream(request: LlmRequest): AsyncGenerator<LlmEvent, void, undefined> {
    const { signal } = request;
    signal.throwIfAborted();
    if (this.closed) throw new ProviderError(this.info.id, 'network', UNLOADED);
    const slot = await this.pool.acquire(signal);

    const prompt = systemPromptFor(this.options.systemPrompt ?? '', request.style, request.memory);
    const messages = prompt
      ? [systemMessage(prompt, request.timeZone), ...request.messages]
      : request.messages;
    const history = toHistory(messages);
    const stop = new AbortController();
    const queue = new ChunkQueue();
    const meterBefore = slot.sequence.tokenMeter.getState();
    const generation = slot.chat.generateResponse(history, {
      signal: stop.signal,
      maxTokens: maxTokensFor(this.options.maxTokens ?? 256, request.style),
      onTextChunk: (text) => {
        if (text !== '') queue.push(text);
      },
    });
    // Usage is read as soon as generation ends, while this request still holds the sequence.
    const outcome = generation.then(
      (response): { usage: LlmEvent } | { error: unknown } => {
        try {
          const { contextWindow } = response.lastEvaluation;
          const inputTokens = this.promptTokens(slot, contextWindow, history);
          const outputTokens = slot.sequence.tokenMeter.diff(meterBefore).usedOutputTokens;
          return { usage: { type: 'usage', inputTokens, outputTokens } };
        } catch (error) {
          return { error };
        }
      },
      (error: unknown) => ({ error }),
    );
    const job = { stop, done: outcome };
    this.running.add(job);
    // The slot is free again only once native generation has really stopped, which may be after
    // this iterable ended: an abort is answered at once, even mid-evaluation.
    void outcome.then(() => {
      this.running.delete(job);
      if (!this.closed) this.pool.release(slot);
      queue.end();
    });
    const onAbort = () => {
      stop.abort(signal.reason);
      queue.wakeUp();
    };
    signal.addEventListener('abort', onAbort, { once: true });

    try {
      for (;;) {
        signal.throwIfAborted();
        const text = queue.shift();
        if (text !== undefined) yield { type: 'text', text };
        else if (queue.ended) break;
        else await queue.next();
      }
      const result = await outcome;
      if ('error' in result) {
        signal.throwIfAborted();
        throw this.generationError(result.error);
      }
      yield result.usage;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!queue.ended) stop.abort(new DOMException('The stream was abandoned', 'AbortError'));
    }
  }

  private generationError(error: unknown): ProviderError {
    if (this.closed) return new ProviderError(this.info.id, 'network', UNLOADED);
    const why = `llama.cpp generation failed: ${describe(error)}`;
    // node-llama-cpp's words when the prompt cannot be cut down to fit the context (its
    // LlamaChat context-shift utilities): the request's fault, not the model's.
    if (error instanceof Error && error.message.startsWith('Failed to compress chat history')) {
      const contextTokens = this.context.contextSize;
      return new ProviderError(
        this.info.id,
        'protocol',
        `the conversation does not fit the model's context of ${contextTokens} tokens (LLAMA_CPP_CONTEXT_SIZE)`,
        { cause: error, contextExceeded: true, contextTokens },
      );
    }
    return new ProviderError(this.info.id, 'protocol', why, { cause: error });
  }

  /**
   * Tokens of the prompt as evaluated: the context window node-llama-cpp used (older turns may
   * have been dropped to fit) with the answer taken back out, rendered by the chat wrapper.
   */
  private promptTokens(
    slot: Slot,
    contextWindow: readonly ChatHistoryItem[],
    history: readonly ChatHistoryItem[],
  ): number {
    const answerStart = history.at(-1) ?? { type: 'model', response: [] };
    const chatHistory = [...contextWindow.slice(0, -1), answerStart];
    const state = slot.chat.chatWrapper.generateContextState({ chatHistory });
    return state.contextText.tokenize(this.model.tokenizer).length;
  }

  /** Stops every answer in progress, then frees the context and the model. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const unloaded = new ProviderError(this.info.id, 'network', UNLOADED);
    this.pool.rejectWaiting(unloaded);
    const jobs = [...this.running];
    for (const job of jobs) job.stop.abort(unloaded);
    await Promise.all(jobs.map((job) => job.done));
    await this.context.dispose();
    await this.model.dispose();
  }
}

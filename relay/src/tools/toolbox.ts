import type { ToolContext, ToolResult, ToolSource } from './tool.ts';

/** Who a turn's tools run for, and its clock (a {@link ToolContext} less its signal). */
export type ToolboxContext = Omit<ToolContext, 'signal'>;

/**
 * The tools of one turn, bound to who asks: what a provider that runs tools itself is handed
 * with its request — the offline responder, which has no model to call them and decides by
 * rule. A tool that is not read-only waits until the turn is the user's final words (a
 * speculative answer's toolbox waits for its promotion; aborted, it never runs).
 */
export class Toolbox {
  constructor(
    private readonly source: ToolSource,
    private readonly context: ToolboxContext,
    private readonly final: Promise<void> = Promise.resolve(),
  ) {}

  /** The same tools for a speculative answer: what changes anything waits for `final`. */
  until(final: Promise<void>): Toolbox {
    return new Toolbox(this.source, this.context, final);
  }

  /**
   * Runs tool `name` on `args` for the turn's user, its words for people in `language` (BCP 47;
   * absent: English); null when the turn has no such tool (the built-ins switched off). Rejects
   * when `signal` aborts first.
   */
  async run(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    language?: string,
  ): Promise<ToolResult | null> {
    const tools = await this.source.toolsFor(this.context.userId, signal);
    const tool = tools.find((t) => t.name === name);
    if (!tool) return null;
    if (!tool.readOnly) await untilFinal(this.final, signal);
    signal.throwIfAborted();
    return tool.run(args, {
      ...this.context,
      signal,
      ...(language === undefined ? {} : { language }),
    });
  }
}

/** Resolves with `final`, or rejects as soon as `signal` aborts. */
function untilFinal(final: Promise<void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    final.then(
      () => {
        signal.removeEventListener('abort', abort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

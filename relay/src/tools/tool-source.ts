import type { ToolSource } from './tool.ts';

/** A source that serves no tools: the relay's until built-in tools or MCP servers are wired. */
export const NO_TOOLS: ToolSource = { toolsFor: () => Promise.resolve([]) };

/**
 * The tools of every source, in order (the built-ins first): a turn keeps the first tool of a
 * name. A source that fails is left out; the others still serve.
 */
export function allTools(...sources: readonly ToolSource[]): ToolSource {
  return {
    toolsFor: async (userId, signal) => {
      const listed = await Promise.allSettled(sources.map((s) => s.toolsFor(userId, signal)));
      return listed.flatMap((l) => (l.status === 'fulfilled' ? l.value : []));
    },
  };
}

import type { ToolSource } from './tool.ts';

/** A source that serves no tools: the relay's until built-in tools or MCP servers are wired. */
export const NO_TOOLS: ToolSource = { toolsFor: () => Promise.resolve([]) };

import type { Tool, ToolSource } from '../tool.ts';
import type { McpServerSlot } from './mcp-server-slot.ts';

/** What serving a server's tools needs of it. */
export type ToolServer = Pick<McpServerSlot, 'record' | 'enabledTools' | 'call'>;
import { modelToolName } from './tool-names.ts';

/**
 * The MCP tools a turn may call (a `ToolSource`): every tool an operator enabled, on every
 * server whose breaker is not open, as the operator reviewed it. Offering them needs no
 * connection (what the model is told was stored when the tool was enabled); a server connects
 * when one of its tools is first called. Every user gets the same tools: servers are the
 * operator's, not a user's.
 */
export class McpTools implements ToolSource {
  /**
   * @param slots the servers now configured (they change while the relay runs)
   * @param shadowed whether a name is a built-in tool's: turns use the built-in, never this one
   */
  constructor(
    private readonly slots: () => Iterable<ToolServer>,
    private readonly shadowed: (modelName: string) => boolean = () => false,
  ) {}

  toolsFor(): Promise<readonly Tool[]> {
    const tools: Tool[] = [];
    const names = new Set<string>();
    for (const slot of this.slots()) {
      const { id, name: serverName } = slot.record;
      for (const { name, reviewed } of slot.enabledTools()) {
        const modelName = modelToolName(serverName, name);
        // Two servers whose names start alike cannot both name a tool `x`: the first keeps it.
        if (names.has(modelName) || this.shadowed(modelName)) continue;
        names.add(modelName);
        tools.push({
          name: modelName,
          description: reviewed.description || reviewed.title || name,
          ...(reviewed.title ? { title: reviewed.title } : {}),
          inputSchema: reviewed.inputSchema,
          origin: { kind: 'mcp', serverId: id, serverName },
          // What the server says: absent is not read-only (the user confirms before it runs).
          readOnly: reviewed.annotations.readOnlyHint === true,
          run: (args, context) => slot.call(name, args, context),
        });
      }
    }
    return Promise.resolve(tools);
  }
}

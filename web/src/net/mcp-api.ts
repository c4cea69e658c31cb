import {
  mcpServerInput,
  mcpServerSettings,
  mcpServersResponse,
  mcpToolToggle,
  type McpServerInput,
  type McpServerSettings,
  type McpServersResponse,
  type McpToolToggle,
} from '@parley/shared';
import { callApi, required } from './api.ts';

/** The MCP servers an operator adds (issue 48), as the ops dashboard and Settings use them. */
export interface McpServersApi {
  /** Every server, its connection, breaker and tools (servers never asked are asked first). */
  list(signal?: AbortSignal): Promise<McpServersResponse>;
  /** Adds a server and lists its tools, none enabled. */
  add(input: McpServerInput): Promise<McpServersResponse>;
  remove(id: string): Promise<McpServersResponse>;
  /** Offers a tool to the model from the next turn, or stops offering it. */
  setTool(id: string, toggle: McpToolToggle): Promise<McpServersResponse>;
  /** Changes what users may do with a server's tools (from the next turn). */
  settings(id: string, settings: McpServerSettings): Promise<McpServersResponse>;
  /** Closes the server's breaker, connects again and lists its tools. */
  reconnect(id: string): Promise<McpServersResponse>;
}

const MCP = '/api/admin/mcp';
const server = (id: string) => `${MCP}/servers/${encodeURIComponent(id)}`;

/**
 * `/api/admin/mcp` with the user's own credentials (dev mode's local user), or with `adminToken`
 * (the ops dashboard). Every body is checked with its schema before it goes, every answer after.
 */
export function mcpServersApi(adminToken?: string): McpServersApi {
  const token = adminToken;
  const call = (method: string, path: string, json?: unknown, signal?: AbortSignal) =>
    required(callApi(method, path, mcpServersResponse, { token, json, signal }));
  return {
    list: (signal) => call('GET', MCP, undefined, signal),
    add: (input) => call('POST', `${MCP}/servers`, mcpServerInput.parse(input)),
    remove: (id) => call('DELETE', server(id)),
    setTool: (id, toggle) => call('PUT', `${server(id)}/tools`, mcpToolToggle.parse(toggle)),
    settings: (id, settings) =>
      call('PUT', `${server(id)}/settings`, mcpServerSettings.parse(settings)),
    reconnect: (id) => call('POST', `${server(id)}/reconnect`),
  };
}

import type { Hono } from 'hono';
import {
  mcpServerInput,
  mcpServerSettings,
  mcpToolToggle,
  type McpServersResponse,
} from '@parley/shared';
import type { RelayContext } from './context.ts';
import type { GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';
import { jsonBody, settingsAdminGuard } from './settings-api.ts';

/**
 * The MCP servers an operator adds (issue 48), allowed to whom the provider settings are (the
 * bearer of `ADMIN_TOKEN`; in dev mode the local user): `GET /api/admin/mcp` (every server, its
 * connection, breaker and tools), `POST /api/admin/mcp/servers` (add one), `DELETE
 * /api/admin/mcp/servers/:id`, `PUT /api/admin/mcp/servers/:id/tools` (enable or disable a tool),
 * `PUT /api/admin/mcp/servers/:id/settings` (what users may do with it) and
 * `POST /api/admin/mcp/servers/:id/reconnect`. Each answers every server as it now is; none
 * ever holds a token or an environment value.
 */
export function mountMcpApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  const servers = ctx.mcpServers;
  const guard = settingsAdminGuard(ctx, peerOf);

  app.get('/api/admin/mcp', guard, async (c) =>
    c.json((await servers.view(c.req.raw.signal)) satisfies McpServersResponse),
  );

  app.post('/api/admin/mcp/servers', guard, jsonBody(mcpServerInput), async (c) =>
    c.json((await servers.add(c.req.valid('json'), c.req.raw.signal)) satisfies McpServersResponse),
  );

  app.delete('/api/admin/mcp/servers/:id', guard, async (c) =>
    c.json((await servers.remove(c.req.param('id'))) satisfies McpServersResponse),
  );

  app.put('/api/admin/mcp/servers/:id/tools', guard, jsonBody(mcpToolToggle), async (c) =>
    c.json(
      (await servers.setTool(
        c.req.param('id'),
        c.req.valid('json'),
        c.req.raw.signal,
      )) satisfies McpServersResponse,
    ),
  );

  app.put('/api/admin/mcp/servers/:id/settings', guard, jsonBody(mcpServerSettings), async (c) =>
    c.json(
      (await servers.settings(c.req.param('id'), c.req.valid('json'))) satisfies McpServersResponse,
    ),
  );

  app.post('/api/admin/mcp/servers/:id/reconnect', guard, async (c) =>
    c.json(
      (await servers.reconnect(c.req.param('id'), c.req.raw.signal)) satisfies McpServersResponse,
    ),
  );
}

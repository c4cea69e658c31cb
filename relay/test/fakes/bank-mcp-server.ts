import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/**
 * A bank's MCP server, faked on loopback: tools that change something — `transfer`, and two with
 * titles for people (issue 62): `cancel_subscription` titled in Dutch ("Je abonnement
 * opzeggen"), `close_account` titled in English by its annotations only, as servers did before
 * MCP gave tools a `title`.
 */
export interface FakeBankMcp {
  /** Its MCP endpoint (streamable HTTP, stateless). */
  url: string;
  /** The arguments of each `transfer` it carried out, in order. */
  transfers: Record<string, unknown>[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Starts the bank (issue 60: "a `transfer` with `memo, amount, currency, to` was confirmed
 * without the recipient ever shown or said"): the SDK's own server speaking MCP over streamable
 * HTTP, its `transfer` marked destructive, so the relay asks the user before it runs.
 */
export async function startFakeBankMcp(): Promise<FakeBankMcp> {
  const transfers: Record<string, unknown>[] = [];
  const bank = () => {
    const server = new McpServer({ name: 'bank', version: '1.0.0' });
    server.registerTool(
      'transfer',
      {
        description: 'Sends money from the user’s account.',
        inputSchema: {
          memo: z.string(),
          amount: z.number(),
          currency: z.string(),
          to: z.string(),
        },
        annotations: { readOnlyHint: false, destructiveHint: true },
      },
      (args) => {
        transfers.push(args);
        const said = `Sent ${String(args.amount)} ${args.currency} to ${args.to}.`;
        return Promise.resolve({ content: [{ type: 'text' as const, text: said }] });
      },
    );
    server.registerTool(
      'cancel_subscription',
      {
        title: 'Je abonnement opzeggen',
        description: 'Cancels one of the user’s subscriptions.',
        inputSchema: { plan: z.string() },
        annotations: { readOnlyHint: false, destructiveHint: true },
      },
      (args) =>
        Promise.resolve({ content: [{ type: 'text' as const, text: `Opgezegd: ${args.plan}.` }] }),
    );
    server.registerTool(
      'close_account',
      {
        description: 'Closes the user’s account.',
        inputSchema: {},
        annotations: { title: 'Close the account', readOnlyHint: false, destructiveHint: true },
      },
      () => Promise.resolve({ content: [{ type: 'text' as const, text: 'Closed.' }] }),
    );
    return server;
  };
  const http = createServer((req, res) => {
    void (async () => {
      const server = bank();
      // No session id generator: stateless, a server per request.
      const transport = new StreamableHTTPServerTransport({});
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(
        req,
        res,
        req.method === 'POST' ? await bodyOf(req) : undefined,
      );
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    transfers,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

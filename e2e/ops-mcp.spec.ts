import { fileURLToPath } from 'node:url';
import { checkAccessibility } from './axe-check.ts';
import { expect, test } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'quiet' });

const ADMIN = 'e2e-ops-mcp-admin-token-0123456789';
/** server-everything's own command (a devDependency of the relay), allowed to the relay. */
const EVERYTHING = fileURLToPath(
  new URL('../relay/node_modules/.bin/mcp-server-everything', import.meta.url),
);

/**
 * Issue 48, part 3: an operator adds an MCP server in /ops, sees its tools with what they do,
 * and enables one — each step checked by what went over the wire — then removes it.
 */
test('the ops dashboard adds an MCP server, shows its tools and enables one', async ({ page }) => {
  const relay = new E2eRelay(specPort(67), {
    env: { ADMIN_TOKEN: ADMIN, MCP_STDIO_COMMANDS: `${EVERYTHING}[GREETING]` },
  });
  try {
    await relay.start();
    await page.goto(`${relay.url}/ops`);
    await page.getByTestId('ops-token').fill(ADMIN);
    await page.getByTestId('ops-sign-in').click();
    const panel = page.getByTestId('ops-mcp-servers');
    await expect(panel.getByTestId('mcp-none')).toBeVisible();

    // Added as a command the relay allows: the form's answer lists its tools, none enabled.
    await panel.getByRole('radio', { name: 'A command the relay starts' }).check();
    await expect(panel.getByTestId('mcp-command')).toHaveValue(EVERYTHING);
    await panel.getByTestId('mcp-name').fill('everything');
    await panel.getByTestId('mcp-env').fill('GREETING=hello-secret-value');
    const added = page.waitForResponse(
      (r) => r.url().endsWith('/api/admin/mcp/servers') && r.request().method() === 'POST',
    );
    await panel.getByTestId('mcp-add').click();
    const sent = (await added).request().postDataJSON() as Record<string, unknown>;
    expect(sent).toEqual({
      transport: 'stdio',
      name: 'everything',
      command: EVERYTHING,
      args: [],
      env: { GREETING: 'hello-secret-value' },
    });
    const server = panel.locator('[data-testid="mcp-server"][data-name="everything"]');
    await expect(server.getByTestId('mcp-state')).toContainText('Connected');
    await expect(server).toContainText('environment: GREETING');
    await expect(panel).not.toContainText('hello-secret-value');
    const echo = server.locator('[data-testid="mcp-tool"][data-tool="echo"]');
    await expect(echo).toContainText('Echoes back the input string');
    await expect(echo).toContainText('read-only');
    await expect(server.getByRole('checkbox', { checked: true })).toHaveCount(0);
    await checkAccessibility(page, 'ops MCP servers');

    // Enabled: the relay is asked for exactly that, and answers it enabled.
    const toggled = page.waitForResponse((r) =>
      /\/api\/admin\/mcp\/servers\/[^/]+\/tools$/.test(r.url()),
    );
    // Its state is the relay's answer: a click asks, the box follows the answer.
    await echo.getByRole('checkbox', { name: /echo/ }).click();
    const answer = await toggled;
    expect(answer.request().method()).toBe('PUT');
    expect(answer.request().postDataJSON()).toEqual({ name: 'echo', enabled: true });
    const body = (await answer.json()) as {
      servers: { tools: { name: string; enabled: boolean }[] }[];
    };
    expect(body.servers[0]?.tools.filter((t) => t.enabled).map((t) => t.name)).toEqual(['echo']);
    await expect(echo.getByRole('checkbox', { name: /echo/ })).toBeChecked();
    // A reload reads it back from the relay.
    await page.reload();
    await expect(
      page
        .getByTestId('ops-mcp-servers')
        .locator('[data-tool="echo"]')
        .getByRole('checkbox', { name: /echo/ }),
    ).toBeChecked();

    // Shared by every user, it says; and set so that users may call only its read-only tools:
    // the relay is asked for exactly that, stores it, and a reload reads it back.
    const card = page.getByTestId('ops-mcp-servers').locator('[data-name="everything"]');
    await expect(card.getByTestId('mcp-shared')).toContainText('Shared by every user');
    const set = page.waitForResponse((r) =>
      /\/api\/admin\/mcp\/servers\/[^/]+\/settings$/.test(r.url()),
    );
    await card.getByTestId('mcp-read-only-for-users').click();
    const setAnswer = await set;
    expect(setAnswer.request().method()).toBe('PUT');
    expect(setAnswer.request().postDataJSON()).toEqual({ readOnlyForUsers: true });
    const stored = (await (
      await fetch(`${relay.url}/api/admin/mcp`, { headers: { Authorization: `Bearer ${ADMIN}` } })
    ).json()) as { servers: { readOnlyForUsers: boolean }[] };
    expect(stored.servers[0]?.readOnlyForUsers).toBe(true);
    await page.reload();
    const again = page.getByTestId('ops-mcp-servers').locator('[data-name="everything"]');
    await expect(again.getByTestId('mcp-read-only-for-users')).toBeChecked();
    await expect(again.locator('[data-tool="toggle-simulated-logging"]')).toContainText(
      'never offered',
    );

    // Removed.
    const removed = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await page.getByTestId('ops-mcp-servers').getByTestId('mcp-remove').click();
    expect((await removed).status()).toBe(200);
    await expect(page.getByTestId('ops-mcp-servers').getByTestId('mcp-none')).toBeVisible();
  } finally {
    await relay.kill('SIGTERM');
  }
});

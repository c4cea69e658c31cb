/**
 * The relay's HTTP endpoints as docs/protocol.md lists them. Bodies are named by their zod
 * schema's export in `shared/src/protocol/` (the generator takes their fields from the schema,
 * and the test checks that every route the relay mounts is here).
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Who may call it. */
  access: string;
  /** What it is for, in a sentence or two. */
  about: string;
  /** The JSON body's schema, by export name. */
  request?: string;
  /** The answer: a schema's export name, or a sentence for what is not JSON. */
  response: { schema: string } | { text: string };
}

const USER =
  'a signed-in user (dev mode: anyone on loopback; jwt mode: a valid bearer JWT), from an allowed origin';
const ADMIN = 'the bearer of `ADMIN_TOKEN` (404 while it is unset)';
const SETTINGS_ADMIN = `${ADMIN}; in dev mode also the local user, from this machine`;

export const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'GET',
    path: '/health',
    access: 'anyone',
    about: 'The relay process is up (says nothing about its providers).',
    response: { schema: 'healthResponse' },
  },
  {
    method: 'GET',
    path: '/ready',
    access: 'anyone',
    about: 'Every stage has a working provider and the shared store answers: 200, else 503.',
    response: { schema: 'readyResponse' },
  },
  {
    method: 'GET',
    path: '/metrics',
    access: 'the bearer of `METRICS_TOKEN`; without it, local requests only',
    about: 'Prometheus metrics.',
    response: { text: 'Prometheus text exposition format.' },
  },
  {
    method: 'GET',
    path: '/widget.js',
    access:
      'anyone (a classic script); readable (CORS) by an allowed origin or a site of `EMBED_ORIGINS`',
    about:
      'The one-tag widget’s loader (`<parley-voice>`, see [embedding](embedding.md)), from `WIDGET_DIST`; cached 5 minutes, with an ETag.',
    response: {
      text: 'JavaScript (404 `notFoundError` while the widget is not built; no route with `WIDGET_DIST=none`).',
    },
  },
  {
    method: 'GET',
    path: '/widget-call.js',
    access:
      'anyone (a module); readable (CORS) by an allowed origin or a site of `EMBED_ORIGINS`, as the loader',
    about:
      'The widget’s call (`createParleyCall`, built from the client package beside the loader), which the loader imports at the first press of Talk; cached 5 minutes, with an ETag.',
    response: {
      text: 'JavaScript (404 `notFoundError` while not built; no route with `WIDGET_DIST=none`).',
    },
  },
  {
    method: 'GET',
    path: '/widget-call/*',
    access: 'as `/widget-call.js`',
    about:
      'The call’s own files: `<name>-<hash>.js` (its chunks, worklets and the voice detector’s worker; cached for good) and `vad/<file>` (the detector’s model and WebAssembly; cached 5 minutes, with an ETag).',
    response: {
      text: 'JavaScript, WebAssembly or the model’s bytes (404 `notFoundError` for any other path, none outside the folder).',
    },
  },
  {
    method: 'GET',
    path: '/ws',
    access:
      'an allowed origin or a site of `EMBED_ORIGINS` (dev mode, with it unset: any loopback page), within the per-IP connection rate; the session is authorised by the ticket in `hello`',
    about: 'The WebSocket: the messages and frames above.',
    response: {
      text: '101 Switching Protocols (403 `siteNotAllowedError` for a site not listed, 429 too many connections).',
    },
  },
  {
    method: 'POST',
    path: '/api/session',
    access:
      'a signed-in user (dev mode: anyone on loopback; jwt mode: a valid bearer JWT), from an allowed origin or a site of `EMBED_ORIGINS` (dev mode, with it unset: any loopback page; either reads the answer across origins, CORS); within the per-IP connection rate',
    about: 'A single-use ticket for the next WebSocket’s `hello` (a token never goes in a URL).',
    response: { schema: 'ticketResponse' },
  },
  {
    method: 'GET',
    path: '/api/sessions',
    access: USER,
    about:
      'The user’s conversations, newest first: `?limit=` (1–100, default 20), `?before=` (epoch ms, from `nextBefore`), `?q=` (at most 100 characters: only those whose title or words, the user’s or the assistant’s, contain it, whatever the case).',
    response: { schema: 'sessionList' },
  },
  {
    method: 'GET',
    path: '/api/sessions/:id',
    access: USER,
    about: 'One of the user’s conversations with its turns (another user’s is 404).',
    response: { schema: 'sessionDetail' },
  },
  {
    method: 'PATCH',
    path: '/api/sessions/:id',
    access: USER,
    about: 'Renames one of the user’s conversations.',
    request: 'renameSessionRequest',
    response: { schema: 'sessionSummary' },
  },
  {
    method: 'DELETE',
    path: '/api/sessions/:id',
    access: USER,
    about: 'Deletes one of the user’s conversations (ends it first if it is live).',
    response: { text: '204 No Content.' },
  },
  {
    method: 'GET',
    path: '/api/preferences',
    access: USER,
    about:
      'The user’s persona, voice, reply length, speaking rate, language and eagerness, with what the providers offer.',
    response: { schema: 'preferencesResponse' },
  },
  {
    method: 'PUT',
    path: '/api/preferences',
    access: USER,
    about: 'Saves the user’s preferences (16 KiB at most); they apply from the next turn.',
    request: 'userPreferences',
    response: { schema: 'preferencesResponse' },
  },
  {
    method: 'GET',
    path: '/api/reminders',
    access: USER,
    about:
      'The user’s pending reminders (set by the assistant’s `set_reminder` tool), soonest first; those due and not yet rung by a page included.',
    response: { schema: 'reminderList' },
  },
  {
    method: 'DELETE',
    path: '/api/reminders/:id',
    access: USER,
    about: 'Cancels one of the user’s reminders (another user’s is 404).',
    response: { text: '204 No Content.' },
  },
  {
    method: 'POST',
    path: '/api/reminders/:id/speech',
    access: `${USER}; 6 at once, then 10 a minute, per user; within the user’s daily budget`,
    about:
      'The reminder said in the user’s voice and pace (“Reminder: call Anna.”), for the page to play after its ring; billed like any synthesis.',
    response: { text: '`audio/wav`, mono PCM16 at the voice’s rate.' },
  },
  {
    method: 'GET',
    path: '/api/push',
    access: USER,
    about:
      'The relay’s VAPID public key, which the page subscribes to Web Push with (its `applicationServerKey`); null when this relay sends no notifications.',
    response: { schema: 'pushConfigResponse' },
  },
  {
    method: 'PUT',
    path: '/api/push/subscription',
    access: USER,
    about:
      'Keeps this browser’s Web Push subscription for the user: a reminder that comes due with no page of theirs ringing it is pushed there, encrypted for the browser. Its endpoint must be on a push service the relay sends to (`PUSH_SERVICES`; else 403); 404 when the relay sends no notifications.',
    request: 'pushSubscriptionBody',
    response: { text: '204 No Content.' },
  },
  {
    method: 'DELETE',
    path: '/api/push/subscription',
    access: USER,
    about: 'Forgets one of the user’s subscriptions, by its endpoint (another user’s is 404).',
    request: 'pushUnsubscribeBody',
    response: { text: '204 No Content.' },
  },
  {
    method: 'GET',
    path: '/api/notes',
    access: USER,
    about: 'What the user asked the assistant to remember (its `save_note` tool), newest first.',
    response: { schema: 'noteList' },
  },
  {
    method: 'DELETE',
    path: '/api/notes/:id',
    access: USER,
    about: 'Forgets one of the user’s notes (another user’s is 404).',
    response: { text: '204 No Content.' },
  },
  {
    method: 'POST',
    path: '/api/preferences/voice-preview',
    access: `${USER}; 6 at once, then 10 a minute, per user; within the user’s daily budget`,
    about:
      'The active voice says a fixed sentence in the voice and pace asked for (a preview of each voice); billed like any synthesis.',
    request: 'voicePreviewRequest',
    response: { text: '`audio/wav`, mono PCM16 at the voice’s rate.' },
  },
  {
    method: 'GET',
    path: '/api/assistant',
    access: USER,
    about:
      'Who would answer a conversation started now (the offline responder, or a model), and whether the user may connect one: the page’s first screen.',
    response: { schema: 'assistantResponse' },
  },
  {
    method: 'GET',
    path: '/api/status',
    access: USER,
    about: 'Every provider’s breaker, health, latency and last error.',
    response: { schema: 'statusResponse' },
  },
  {
    method: 'POST',
    path: '/api/admin/providers/:id/reset',
    access: ADMIN,
    about: 'Closes a provider’s circuit breaker.',
    response: { schema: 'providerResetResponse' },
  },
  {
    method: 'GET',
    path: '/api/admin/overview',
    access: ADMIN,
    about: 'What the ops dashboard (`/ops`) shows.',
    response: { schema: 'opsOverview' },
  },
  {
    method: 'GET',
    path: '/api/admin/usage',
    access: ADMIN,
    about:
      'Cost and usage from the usage ledger for `?from=&to=` (UTC days, both included): total, per day, per user (the biggest spenders) and per provider.',
    response: { schema: 'usageReport' },
  },
  {
    method: 'GET',
    path: '/api/admin/sessions/metrics',
    access: ADMIN,
    about: 'The sessions that ended last (`?limit=`), newest first, with their summaries.',
    response: { schema: 'sessionMetricsList' },
  },
  {
    method: 'GET',
    path: '/api/admin/sessions/metrics.jsonl',
    access: ADMIN,
    about:
      'Every session that ended in `[from, to)` (epoch ms or ISO 8601), one `sessionMetricsLine` per line, streamed as the client reads.',
    response: { text: '`application/x-ndjson`: one `sessionMetricsLine` object per line.' },
  },
  {
    method: 'POST',
    path: '/api/admin/log-tail/ticket',
    access: ADMIN,
    about:
      'A single-use ticket (30 s, bound to the page’s origin) for a browser to open `/ws/logs`.',
    response: { schema: 'logTailTicket' },
  },
  {
    method: 'GET',
    path: '/ws/logs',
    access: `${ADMIN}, or a page of an allowed origin offering a log-tail ticket`,
    about: 'The log tail: the WebSocket above.',
    response: {
      text: '101 Switching Protocols (400 bad filter, 401 not the admin, 404 no admin token, 429 too many readers).',
    },
  },
  {
    method: 'GET',
    path: '/api/admin/settings',
    access: SETTINGS_ADMIN,
    about: 'The provider chains, API keys masked.',
    response: { schema: 'assistantSettingsView' },
  },
  {
    method: 'PUT',
    path: '/api/admin/settings',
    access: SETTINGS_ADMIN,
    about: 'Saves provider chains (keys stored encrypted); they apply from the next turn.',
    request: 'assistantSettingsUpdate',
    response: { schema: 'assistantSettingsView' },
  },
  {
    method: 'GET',
    path: '/api/admin/settings/detect',
    access: SETTINGS_ADMIN,
    about: 'Local model servers found (Ollama, LM Studio, llama.cpp, vLLM).',
    response: { schema: 'detectResponse' },
  },
  {
    method: 'POST',
    path: '/api/admin/settings/models',
    access: SETTINGS_ADMIN,
    about: 'A provider’s own model list.',
    request: 'stageEntryRequest',
    response: { schema: 'modelsResponse' },
  },
  {
    method: 'POST',
    path: '/api/admin/settings/test',
    access: SETTINGS_ADMIN,
    about: 'A real minimal request to a provider entry.',
    request: 'stageEntryRequest',
    response: { schema: 'stageTestResult' },
  },
  {
    method: 'GET',
    path: '/api/admin/mcp',
    access: SETTINGS_ADMIN,
    about:
      'The MCP servers added (no token or environment value), each with its connection, breaker and tools; servers never asked yet are asked for their tools first.',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'POST',
    path: '/api/admin/mcp/servers',
    access: SETTINGS_ADMIN,
    about:
      'Adds an MCP server (its token and environment stored encrypted; a stdio command must be in `MCP_STDIO_COMMANDS`, else 403) and lists its tools, none enabled.',
    request: 'mcpServerInput',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'DELETE',
    path: '/api/admin/mcp/servers/:id',
    access: SETTINGS_ADMIN,
    about: 'Removes an MCP server: its connection closes, its tools leave the next turns.',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'PUT',
    path: '/api/admin/mcp/servers/:id/tools',
    access: SETTINGS_ADMIN,
    about:
      'Enables a tool as the server lists it now (what the model will be told), or disables it; from the next turn.',
    request: 'mcpToolToggle',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'PUT',
    path: '/api/admin/mcp/servers/:id/settings',
    access: SETTINGS_ADMIN,
    about:
      'What users may do with a server shared by all of them: `readOnlyForUsers` offers turns only the tools it marks read-only; from the next turn.',
    request: 'mcpServerSettings',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'POST',
    path: '/api/admin/mcp/servers/:id/reconnect',
    access: SETTINGS_ADMIN,
    about: 'Closes the server’s breaker, connects again and lists its tools.',
    response: { schema: 'mcpServersResponse' },
  },
  {
    method: 'GET',
    path: '/api/client-config',
    access: 'anyone, from an allowed origin',
    about: 'What the web app needs before anything else: where its errors go (`SENTRY_DSN`).',
    response: { schema: 'clientConfig' },
  },
  {
    method: 'POST',
    path: '/api/error-reports',
    access: 'anyone, from an allowed origin, within a per-IP rate; 404 without `SENTRY_DSN`',
    about:
      'The page’s error reports (Sentry envelopes, 256 KiB at most) for the relay’s own project, scrubbed and forwarded to Sentry.',
    response: {
      text: '200 (forwarded), 204 (nothing to forward), 400 (not an envelope for this project), 429, 502.',
    },
  },
];

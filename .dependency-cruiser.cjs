/**
 * Import rules between folders (`pnpm exec depcruise relay/src shared/src web/src bench`):
 * folders form no cycles, so each room can be read, tested and moved on its own.
 */

/**
 * The layers that already hold (issue 47), kept: each is a boundary a change must not cross
 * without saying so here. [name, why, from, to], each a path pattern or {path, pathNot}.
 */
const LAYERS = [
  [
    'shared-stands-alone',
    'shared/ is the protocol and pure modules both sides import: it imports neither.',
    '^shared/src/',
    '^(relay|web|widget)/',
  ],
  [
    'widget-knows-no-app',
    'The widget (widget/src) runs on other sites’ pages: it imports neither the app, nor the ' +
      'relay, nor the benches; the call comes to it through its port (call/call-port.ts).',
    '^widget/',
    '^(web|relay|bench)/',
  ],
  [
    'widget-loader-stays-small',
    'The loader is 15 KB gzipped at most (issue 64): of shared/ it imports only the zod-free ' +
      'files it needs (@parley/shared/site-refusal, /language-tag), and no npm package.',
    '^widget/src/',
    {
      path: '^shared/src/|node_modules',
      pathNot: '^shared/src/(protocol/site-refusal|turn/language-tag)\\.ts$',
    },
  ],
  [
    'providers-know-no-session',
    'A provider adapter talks to its vendor; sessions, turns and the server use it.',
    '^relay/src/providers/',
    '^relay/src/(session|pipeline|server)/',
  ],
  [
    'provider-stages-apart',
    'Each stage’s interface (providers/stages/asr.ts, llm.ts, tts.ts) is what every provider of ' +
      'that stage does: it imports no other stage, only what they share (common.ts, ' +
      'capabilities.ts; issue 66).',
    { path: '^relay/src/providers/stages/(asr|llm|tts)\\.ts$' },
    {
      path: '^relay/src/providers/stages/(asr|llm|tts)\\.ts$',
      pathNot: '^relay/src/providers/stages/$1\\.ts$',
    },
  ],
  [
    'provider-stages-know-no-adapter',
    'The stage interfaces are what adapters implement and the pipeline calls: they import no ' +
      'adapter, chain or kind (nothing else under relay/src/providers).',
    '^relay/src/providers/stages/',
    { path: '^relay/src/providers/', pathNot: '^relay/src/providers/stages/' },
  ],
  [
    'tools-know-no-session',
    'A tool does one thing for a user; the turn that calls it and the server use it.',
    '^relay/src/tools/',
    '^relay/src/(session|pipeline|server)/',
  ],
  [
    'pipeline-knows-no-session',
    'A turn runs on what it is given; the session and the server drive it.',
    '^relay/src/pipeline/',
    '^relay/src/(session|server)/',
  ],
  [
    'observability-knows-no-turn',
    'Observers (metrics, dumps, traces) are told of turns through the ports they declare ' +
      '(turn-observer.ts); the pipeline, the session and the server report to them (issue 66).',
    '^relay/src/observability/',
    '^relay/src/(session|pipeline|server)/',
  ],
  [
    'rooms-know-no-composition',
    'relay/src/config.ts, main.ts, server/ and the session’s edge compose the relay; a room is given what it ' +
      'needs, it does not load the whole configuration (entry points such as backup-cli.ts sit ' +
      'at the root beside main.ts).',
    { path: '^relay/src/[^/]+/', pathNot: '^relay/src/(server|session)/' },
    '^relay/src/(config|main|backup-cli)\\.ts$',
  ],
  [
    'web-audio-knows-no-call',
    'web/src/audio is the sound (worklets, codecs, player); the call and the UI use it.',
    '^web/src/audio/',
    '^web/src/(voice|ui)/',
  ],
  [
    'voice-turn-is-pure-turn-taking',
    'Turn-taking (web/src/voice/turn) decides from audio levels, VAD events and relay words: ' +
      'it knows nothing of the microphone that feeds it or the call that wires it.',
    '^web/src/voice/turn/',
    '^web/src/voice/(mic|call)/',
  ],
  [
    'voice-mic-stands-alone',
    'The microphone kept alive (web/src/voice/mic) hands audio on through callbacks: it ' +
      'imports neither turn-taking nor the call.',
    '^web/src/voice/mic/',
    '^web/src/voice/(turn|call)/',
  ],
  [
    'call-knows-no-app',
    'The call (web/src/voice, web/src/audio) becomes the package @parley/client (issue 64): it ' +
      'shows itself through its sink and reads the page through its view; the app (state, ' +
      'i18n, net, ui, and its wiring of the call in web/src/call) uses it, never the other way.',
    '^web/src/(voice|audio)/',
    '^web/src/(?!voice/|audio/)',
  ],
  [
    'voice-entered-through-the-call',
    'The page (ui, main) reaches the conversation through web/src/voice/call only: turn-taking ' +
      'and the microphone are the call’s parts.',
    { path: '^web/src/', pathNot: '^web/src/voice/' },
    '^web/src/voice/(turn|mic)/',
  ],
];

/**
 * The rooms of the relay's session (issue 66): the root (`relay/src/session/*.ts`) keeps the
 * edge and composition (connection, handshake, session and its parts, directory, resume); each
 * room below it holds one concern and reaches no higher. [name, why, from, to].
 */
const SESSION_ROOMS = [
  [
    'session-rooms-know-no-root',
    'A session room is composed by the root (session parts, connection); it never reaches back ' +
      'up into the files that compose it.',
    '^relay/src/session/[^/]+/',
    { path: '^relay/src/session/[^/]+\\.ts$' },
  ],
  [
    'session-standalone-rooms',
    'The wire (client channel, journal, codec), the quiet (call silence) and the tools a turn ' +
      'may call each stand alone: they import no other session room.',
    '^relay/src/session/(wire|quiet|tools)/',
    { path: '^relay/src/session/[^/]+/', pathNot: '^relay/src/session/$1/' },
  ],
  [
    'session-hearing-knows-no-turn',
    'Hearing (utterances, the pause and its answer, speculation) reads what the user says and ' +
      'hands it on: the turn that answers calls it, never the other way (its recorder comes ' +
      'through the port it declares).',
    '^relay/src/session/hearing/',
    { path: '^relay/src/session/(turns|quiet)/' },
  ],
  [
    'session-turns-know-no-quiet',
    'A turn answers what hearing heard, through the wire, with the tools; the call’s quiet ' +
      'is the root’s to wire, not the turn’s.',
    '^relay/src/session/turns/',
    { path: '^relay/src/session/quiet/' },
  ],
  [
    'session-entered-from-the-server',
    'The session is the relay’s top: the server starts it; config, pipeline, providers and ' +
      'the rest are what it uses and never point back up into it.',
    { path: '^relay/src/', pathNot: '^relay/src/(session|server)/' },
    { path: '^relay/src/session/' },
  ],
];

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders import each other in one direction only (a cycle ties two rooms into one).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular',
      comment:
        'No module imports itself back through others (issue 66): a circle makes its files one ' +
        'unit that cannot be read, tested or moved apart.',
      severity: 'error',
      from: { path: '^(relay|shared|web)/src/' },
      to: { circular: true },
    },
    ...LAYERS.map(([name, comment, from, to]) => ({
      name,
      comment,
      severity: 'error',
      from: typeof from === 'string' ? { path: from } : from,
      to: typeof to === 'string' ? { path: to } : to,
    })),
    ...SESSION_ROOMS.map(([name, comment, from, to]) => ({
      name,
      comment,
      severity: 'error',
      from: typeof from === 'string' ? { path: from } : from,
      to,
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests may reach into any room (kits, fakes): only the product's own imports count.
    exclude: { path: '(node_modules|dist)/|\\.test(-kit)?\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types'] },
  },
};

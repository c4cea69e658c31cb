/**
 * Import rules between folders (`pnpm depcruise`: relay/src, shared/src, client/src, web/src,
 * widget/src and bench):
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
    '^(relay|client|web|widget)/',
  ],
  [
    'widget-knows-no-app',
    'The widget (widget/src) runs on other sites’ pages: it imports neither the app, nor the ' +
      'relay, nor the benches; the call comes to it through its port (call/call-port.ts), not ' +
      'from the client package (client/), which only its type test reads (the package’s ' +
      'ParleyCall satisfies the port as it is).',
    { path: '^widget/', pathNot: '^widget/src/call/call-port\\.types\\.test\\.ts$' },
    '^(web|relay|bench|client)/',
  ],
  [
    'widget-loader-stays-small',
    'The loader is 15 KB gzipped at most (issue 64): of shared/ it imports only the zod-free ' +
      'files it needs (@parley/shared/site-refusal, /language-tag, /ticket-error, /hand-off-key), and no npm ' +
      'package.',
    '^widget/src/',
    {
      path: '^shared/src/|node_modules',
      pathNot:
        '^shared/src/(protocol/site-refusal|turn/language-tag|net/ticket-error|net/hand-off-key)\\.ts$',
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
    'client-audio-knows-no-call',
    'client/src/audio is the sound (worklets, codecs, player, the voice detector); the call, ' +
      'its microphone and turn-taking use it.',
    '^client/src/audio/',
    '^client/src/(call|mic|turn)/',
  ],
  [
    'client-turn-is-pure-turn-taking',
    'Turn-taking (client/src/turn) decides from audio levels, VAD events and relay words: ' +
      'it knows nothing of the microphone that feeds it or the call that wires it.',
    '^client/src/turn/',
    '^client/src/(mic|call)/',
  ],
  [
    'client-mic-stands-alone',
    'The microphone kept alive (client/src/mic) hands audio on through callbacks: it ' +
      'imports neither turn-taking nor the call.',
    '^client/src/mic/',
    '^client/src/(turn|call)/',
  ],
  [
    'client-knows-no-app',
    'The call is the package @parley/client (client/, issue 64): it shows itself through its ' +
      'sink and reads the page through its view; the app (web/, with its wiring of the call in ' +
      'web/src/call), the widget, the relay and the benches use it, never the other way.',
    '^client/',
    '^(web|widget|relay|bench)/',
  ],
  [
    'app-enters-client-by-its-entries',
    'The app reaches the call through the package’s entries only (@parley/client: ' +
      'src/index.ts, /types: src/types.ts, /internal: src/internal.ts, /internal/vad: ' +
      'src/internal-vad.ts): what ' +
      'lies behind them is the package’s to rearrange.',
    '^web/',
    { path: '^client/src/', pathNot: '^client/src/(index|internal|internal-vad|types)\\.ts$' },
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
      from: { path: '^(relay|shared|client|web)/src/' },
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

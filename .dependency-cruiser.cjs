/**
 * Import rules between folders (`pnpm exec depcruise relay/src shared/src web/src bench`):
 * folders form no cycles, so each room can be read, tested and moved on its own.
 */
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
    // The layers that already hold (issue 47), kept: each is a boundary a change must not cross
    // without saying so here.
    {
      name: 'shared-stands-alone',
      comment: 'shared/ is the protocol and pure modules both sides import: it imports neither.',
      severity: 'error',
      from: { path: '^shared/src/' },
      to: { path: '^(relay|web)/' },
    },
    {
      name: 'providers-know-no-session',
      comment: 'A provider adapter talks to its vendor; sessions, turns and the server use it.',
      severity: 'error',
      from: { path: '^relay/src/providers/' },
      to: { path: '^relay/src/(session|pipeline|server)/' },
    },
    {
      name: 'tools-know-no-session',
      comment: 'A tool does one thing for a user; the turn that calls it and the server use it.',
      severity: 'error',
      from: { path: '^relay/src/tools/' },
      to: { path: '^relay/src/(session|pipeline|server)/' },
    },
    {
      name: 'pipeline-knows-no-session',
      comment: 'A turn runs on what it is given; the session and the server drive it.',
      severity: 'error',
      from: { path: '^relay/src/pipeline/' },
      to: { path: '^relay/src/(session|server)/' },
    },
    {
      name: 'web-audio-knows-no-call',
      comment: 'web/src/audio is the sound (worklets, codecs, player); the call and the UI use it.',
      severity: 'error',
      from: { path: '^web/src/audio/' },
      to: { path: '^web/src/(voice|ui)/' },
    },
    {
      name: 'voice-turn-is-pure-turn-taking',
      comment:
        'Turn-taking (web/src/voice/turn) decides from audio levels, VAD events and relay words: ' +
        'it knows nothing of the microphone that feeds it or the call that wires it.',
      severity: 'error',
      from: { path: '^web/src/voice/turn/' },
      to: { path: '^web/src/voice/(mic|call)/' },
    },
    {
      name: 'voice-mic-stands-alone',
      comment:
        'The microphone kept alive (web/src/voice/mic) hands audio on through callbacks: it ' +
        'imports neither turn-taking nor the call.',
      severity: 'error',
      from: { path: '^web/src/voice/mic/' },
      to: { path: '^web/src/voice/(turn|call)/' },
    },
    {
      name: 'voice-entered-through-the-call',
      comment:
        'The page (ui, main) reaches the conversation through web/src/voice/call only: turn-taking ' +
        'and the microphone are the call’s parts.',
      severity: 'error',
      from: { path: '^web/src/', pathNot: '^web/src/voice/' },
      to: { path: '^web/src/voice/(turn|mic)/' },
    },
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

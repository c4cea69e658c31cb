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

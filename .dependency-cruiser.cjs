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

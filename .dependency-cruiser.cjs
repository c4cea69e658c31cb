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

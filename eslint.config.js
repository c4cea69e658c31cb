// One lint for the whole repository: typescript-eslint strict, type-checked.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test-results/**',
      'playwright-report/**',
      // vitest's coverage report (PARLEY_COVERAGE=1).
      'coverage/**',
      'data/**',
      '**/__harness__/**',
      'relay/build.mjs',
      'widget/build.mjs',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
      '.remarkrc.mjs',
      // Page-side script of a bench, served to Chromium as it is (no DOM types in bench/).
      'bench/opus/codec.page.js',
      // Run by the page as it is, before the first paint (no bundling; see the file).
      'web/public/theme-boot.js',
      // A stdio MCP server the tests start as another user: plain Node, no dependency.
      'relay/test/fixtures/mcp-file-reader.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingUnknown: true, allowThrowingAny: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': [
        'error',
        { allowConstantLoopConditions: true },
      ],
      '@typescript-eslint/unified-signatures': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The call (@parley/client) runs in the page: the browser's globals only.
    files: ['client/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The widget runs in any site's page: the browser's globals only.
    files: ['widget/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // AudioWorklet processors are typed against AudioWorkletGlobalScope, not the DOM.
    files: ['client/src/audio/*-worklet.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './client/src/audio/tsconfig.worklet.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The service worker is typed against ServiceWorkerGlobalScope, not the DOM.
    files: ['web/src/sw/sw.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './web/src/sw/tsconfig.sw.json',
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.serviceworker },
    },
  },
  {
    // Tests and command-line tools may print and use non-null assertions on fixtures.
    files: ['**/*.test.ts', 'e2e/**', 'relay/test/**', 'relay/src/talk/cli.ts', 'bench/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

// ESLint (flat config) for the three trees this repository holds, each with the globals its platform
// really has: Apps Script sources (bare V8 plus the Apps Script services, no Node, no browser), Node
// tools and tests, and the workbench's browser front end. Formatting is Prettier's job
// (`prettier --check .` in `npm run lint`), so eslint-config-prettier switches off style rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const appsScriptTrees = ['src/core/**/*.ts', 'src/addon/**/*.ts', 'src/gateway/**/*.ts'];
const nodeTrees = ['src/local/**/*.ts', 'test/**/*.ts'];
// The workbench's browser front end (TypeScript, checked with DOM types by tsconfig.web.json).
const webTree = ['src/local/workbench/web/**/*.ts'];
const nodeScripts = ['**/*.mjs', '**/*.cjs'];
const browserTree = ['src/local/workbench/public/**/*.js'];

export default tseslint.config(
  { ignores: ['build/', 'node_modules/', 'test-output/', '.workbench/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names mark a parameter kept for its position (handler signatures, callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `let [a, b] = ...` where only one is reassigned stays one statement.
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    // Apps Script's V8: no Node, no browser. typescript-eslint turns no-undef off for TypeScript, so it is
    // tsconfig.json (no Node or DOM types) that rejects setTimeout/process/window here
    // (test/build/typecheck.test.ts proves it); ESLint gets the same picture.
    files: appsScriptTrees,
    languageOptions: { globals: { ...globals.es2021 } },
  },
  {
    files: [...nodeTrees],
    ignores: webTree,
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      // Type-aware rules only here, and only the one that pays for its cost (it builds the whole
      // program): a promise nobody awaits in a tool or a test is a silent failure or a lost assertion.
      parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // The runtime stands in for untyped Apps Script objects and its tests poke at raw JSON: `any` is
      // that boundary here (the Apps Script trees keep the rule).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Apps Script's advanced services check how many arguments were really passed; rest parameters
    // cannot tell an omitted optional argument from an explicit `undefined`.
    files: ['src/local/runtime/facades/calendar.ts'],
    rules: { 'prefer-rest-params': 'off' },
  },
  {
    files: nodeScripts,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: browserTree,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: webTree,
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);

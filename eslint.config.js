// @ts-check
// ESLint for the whole tree: typescript-eslint's recommended rules (syntax only, no type information, so
// a full run takes seconds), React's hook rules in renderer/, and disable comments that must say why.
// Import boundaries (DESIGN.md's "may import" column) are checked by dependency-cruiser
// (.dependency-cruiser.cjs); `npm run lint` runs both.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Interface translations (issue 19): the folders and files of renderer/ whose user-visible strings are
// not in the catalogues yet (renderer/i18n/locales/). Everything else in renderer/ is checked by
// i18next/no-literal-string below. Each session that converts a display removes its entry here: when
// this list is empty, the whole renderer is translated.
const NOT_YET_TRANSLATED = [];
// renderer/ui/ is checked whole: its JSX is converted. Texts it builds in code are not yet: Feedback.tsx's
// refusal sentences, access.tsx's reasons, value-format.ts's quality words (this rule reads JSX only).

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'test-results/', '.lineside-data/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  comments.recommended,
  {
    rules: {
      // A disable comment says why (`// eslint-disable-next-line rule -- reason`).
      '@eslint-community/eslint-comments/require-description': 'error',
      // `_`-prefixed names are deliberately unused: a rest-omit (`const { secret: _, ...rest } = x`), or
      // a parameter an interface requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: `if (ready) (clearTimeout(timer), resolve());` (a comma sequence as one statement) is a habit
      // in 18 files; the rule reports each of those 31 statements and rewriting them changes no behaviour.
      '@typescript-eslint/no-unused-expressions': 'off',
      // A `let` declared early because a closure made before its one assignment reads it stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read parsed JSON and reach into its shape; the assertions check the values.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // No text a person reads in JSX outside the catalogues: JSX text, strings in JSX expressions and
  // attributes (title, aria-label, placeholder, alt...), in every .tsx of renderer/ but the folders not
  // translated yet, and in the files of those folders that are. eslint-plugin-i18next declares no ESLint
  // peer range; its rule reads `context.sourceCode` (the ESLint 9/10 API), and
  // test/unit/i18n-lint.test.ts runs it on this ESLint to prove that it still reports.
  ...[{ files: ['renderer/**/*.tsx'], ignores: NOT_YET_TRANSLATED }].map((scope) => ({
    ...scope,
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'should-validate-template': true,
          // Exceptions, attributes no person reads as words: test ids and data marks, ARIA states,
          // roles and references, link targets, language marks, form machinery, the Trans key.
          'jsx-attributes': {
            exclude: [
              'className',
              'style',
              'type',
              'key',
              'id',
              'role',
              'href',
              'rel',
              'target',
              'lang',
              'dir',
              'name',
              'autoComplete',
              'inputMode',
              'htmlFor',
              'i18nKey',
              'testId',
              'data-.*',
              // Props and attributes that take a code, not words: a canvas's fit, an option's value, an input's
              // step and datalist...
              'fit',
              'as',
              'anchor',
              'kind',
              'value',
              'step',
              'list',
              'aria-(hidden|current|pressed|haspopup|keyshortcuts|live|labelledby|describedby|controls|expanded|disabled)',
              // Props of the shared kit that take a code, not words: Feedback's state, Field's span, file types;
              // the permission a NotAllowedNote names, a list's test id.
              'needs',
              'scrollTestId',
              'state',
              'dataState',
              'span',
              'accept',
            ],
          },
          // Exceptions, object keys whose values are codes (state machines: `{ step: 'idle' }`, data-* maps).
          'object-properties': { exclude: ['[A-Z_-]+', 'state', 'step', 'kind', 'data-.*'] },
          // Exceptions, calls whose string arguments are names, not words: the plugin's defaults (t, i18n…),
          // contract calls (`client.call('config.tags.import', …)`) and permission checks (`access.control('devices.trust')`).
          callees: {
            exclude: ['i18n(ext)?', 't', 'require', 'addEventListener', 'removeEventListener', 'postMessage', 'getElementById', 'dispatch', 'commit', 'includes', 'indexOf', 'endsWith', 'startsWith', 'call', 'control', 'why', 'may'],
          },
          // Exceptions, texts that are no words: numbers and symbols ("/", "·", "…", "⌕", "—", arrows, "✓", "✕", "×", "−"), ALL-CAPS codes (OEE).
          words: { exclude: ['[0-9!-/:-@[-`{-~·…⌕—–▾▸◂▴◀▶‹›↑↓→←✓✕×−\\s]+', '[A-Z_-]+'] },
        },
      ],
    },
  })),
);

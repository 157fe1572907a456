// @ts-check
// ESLint for the whole tree: typescript-eslint's recommended rules (syntax only, no type information, so
// a full run takes seconds), React's hook rules in renderer/, and disable comments that must say why.
// Import boundaries (DESIGN.md's "may import" column) are checked by dependency-cruiser
// (.dependency-cruiser.cjs); `npm run lint` runs both.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
);

// Lint: typescript-eslint's type-checked recommendations over src, test and bench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', 'fixtures/', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A Store engine that works synchronously (memory, better-sqlite3) keeps its methods async without an
    // await so that a thrown check reaches the caller as a rejected promise, as the Store contract promises.
    files: ['src/storage/memory.ts', 'src/storage/sqlite.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);

// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, plus import-x's
// no-cycle, which enforces the project's rule that layers import downward only.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'docs/api/', 'node_modules/', 'test/package/fixtures/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts'],
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Byte strings are the keyspace's currency: ranges like [\x00-\xff] are meant.
      'no-control-regex': 'off',
      // `let subscription; subscription = source.subscribe(() => subscription?.unsubscribe())` is meant.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
);

// Lint for `npm test`: typescript-eslint's recommended rules (syntax only, not type-checked, so it
// runs in reasonable time), no import cycles, and the layer rules of the README's layout, checked
// on the import specifiers: domain is pure, store sits under services and server, the web app and
// the contract see only the contract and the domain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

/** A no-restricted-imports pattern on the specifier as written. */
const forbid = (regex, message) => ({ regex, message });

const domainRules = [
  forbid(
    '^(\\.\\./)+(store|io|services|server|cli|web|demo|rulebooks|test)(/|$)',
    'domain 是纯领域规则：不引用 store、io、services、server、cli、web、demo、规则库加载器或测试代码',
  ),
  forbid('^node:', 'domain 无 I/O：不引用 Node 内置模块'),
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'data/**', 'out/**', '.scratch/**', 'bench/.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x treats .ts files as foreign and no-cycle silently follows nothing.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'web/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Types are checked by tsc (npm test runs it first); these two only duplicate or fight it.
      'no-undef': 'off',
      'no-redeclare': 'off',
      // Chinese text uses the ideographic space (U+3000) on purpose; outside strings and text it is still an error.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipTemplates: true, skipJSXText: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The classic two hook rules; the React Compiler rules of the plugin's preset are not adopted.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Migrations are written against Kysely<any> on purpose: the schema they see is the one they build.
    files: ['src/store/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainRules }] },
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [forbid('^(\\.\\./)+(services|server|cli|web)(/|$)', 'store 不引用 services、server、cli 或 web')],
        },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    ignores: ['src/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [forbid('^\\.\\./(?!domain/)', 'contract 只引用 domain 与 zod'), forbid('^(?!\\.|zod(/|$))', 'contract 只引用 domain 与 zod')],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('^(\\.\\./)+src/(?!contract/|domain/)', '网页只引用 src/contract 与 src/domain（以及 web/ 自己的文件和 npm 包）'),
            forbid('^node:', '网页在浏览器里运行：不引用 Node 内置模块'),
          ],
        },
      ],
    },
  },
);

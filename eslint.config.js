// ESLint flat config: typescript-eslint's type-aware rules, with Prettier owning formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layering of docs/architecture.md, enforced: per zone, the import specifiers its files may
 * not use. Checked on static imports, `import type`, re-exports and `import()` alike.
 */
const LAYERS = [
  {
    files: ['src/domain/**/*.{ts,tsx}'],
    // Anything but a sibling domain module or a built-in without I/O.
    forbidden: '^(?!\\./|node:(?:os|path|util)$)',
    message:
      'src/domain/ is pure rules over plain data: it imports only other domain modules and Node built-ins without I/O (node:os for its constants, node:path, node:util).',
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/control/**/*.{ts,tsx}'],
    forbidden: '^(?:\\.\\./)+supervisor/',
    message:
      'src/ui/ and src/control/ reach the running app through the engine API (src/engine/), never the supervisor.',
  },
  {
    files: ['src/logs/**/*.{ts,tsx}', 'src/config/**/*.{ts,tsx}'],
    forbidden: '^(?:\\.\\./)+(?:cli|ui|supervisor)/',
    message:
      'src/logs/ and src/config/ sit below the CLI, the terminal UI and the supervisor: they may not import them.',
  },
];

/** One zone as flat config. esquery regexes cannot hold a slash, so `/` is written \x2F there. */
function layerConfig({ files, forbidden, message }) {
  const selectorRegex = forbidden.replaceAll('/', '\\x2F');
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: forbidden, message }] }],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${selectorRegex}/]`, message },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.peers/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli/main.ts ends the process.' },
      ],
    },
  },
  {
    files: ['src/cli/main.ts', 'test/**', 'bench/**', '**/*.mjs', '**/*.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  ...LAYERS.map(layerConfig),
  {
    // Plain JavaScript (benchmarks, fixtures, config): lint without type information.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'Buffer',
          'URL',
          'performance',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'AbortController',
          'TextDecoder',
          'TextEncoder',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  prettier,
);

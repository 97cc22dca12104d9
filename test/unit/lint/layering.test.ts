// The layering rules of eslint.config.js, run on small sources placed (by name) in each zone.
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function layerConfigs(): Promise<Linter.Config[]> {
  // A computed specifier: the config is plain JavaScript without type declarations.
  const configUrl = new URL('eslint.config.js', `file://${root}`).href;
  const { default: config } = (await import(configUrl)) as { default: Linter.Config[] };
  return config.filter((entry) => entry.rules?.['no-restricted-imports'] !== undefined);
}

async function layeringProblems(file: string, source: string): Promise<string[]> {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const configs: Linter.Config[] = [
    { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
    ...(await layerConfigs()),
  ];
  return linter
    .verify(source, configs, `${root}${file}`)
    .map((message) => message.ruleId ?? message.message);
}

describe('layering lint rules', () => {
  it.each([
    [
      'src/domain/x.ts',
      "import { formatPs } from '../output/ps-format.js';",
      'no-restricted-imports',
    ],
    ['src/domain/x.ts', "import { HdevError } from '../errors.js';", 'no-restricted-imports'],
    ['src/domain/x.ts', "import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
    ['src/domain/x.ts', "import { Command } from 'commander';", 'no-restricted-imports'],
    [
      'src/domain/x.ts',
      "export const later = () => import('../cli/color.js');",
      'no-restricted-syntax',
    ],
    [
      'src/ui/x.tsx',
      "import type { Supervisor } from '../supervisor/supervisor.js';",
      'no-restricted-imports',
    ],
    ['src/control/x.ts', "export * from '../supervisor/dyno.js';", 'no-restricted-imports'],
    [
      'src/control/x.ts',
      "export const later = () => import('../supervisor/dyno.js');",
      'no-restricted-syntax',
    ],
    ['src/logs/x.ts', "import { shouldUseColor } from '../cli/color.js';", 'no-restricted-imports'],
    ['src/config/x.ts', "import { renderApp } from '../ui/render.js';", 'no-restricted-imports'],
    [
      'src/config/x.ts',
      "import { Supervisor } from '../supervisor/supervisor.js';",
      'no-restricted-imports',
    ],
  ])('%s may not: %s', async (file, source, rule) => {
    expect(await layeringProblems(file, source)).toEqual([rule]);
  });

  it.each([
    [
      'src/domain/x.ts',
      "import { constants } from 'node:os';\nimport { WEB_TYPE } from './dyno-name.js';",
    ],
    ['src/ui/x.tsx', "import type { Engine } from '../engine/engine-api.js';"],
    ['src/control/x.ts', "import { HdevError } from '../errors.js';"],
    ['src/config/x.ts', "import { WEB_TYPE } from '../domain/dyno-name.js';"],
    ['src/logs/x.ts', "import { LOG_HISTORY_LINES } from '../domain/defaults.js';"],
    ['src/cli/x.ts', "import { Supervisor } from '../supervisor/supervisor.js';"],
  ])('%s may: %s', async (file, source) => {
    expect(await layeringProblems(file, source)).toEqual([]);
  });
});

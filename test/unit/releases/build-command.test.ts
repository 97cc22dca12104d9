import { describe, expect, it } from 'vitest';
import { buildScriptCommand, chooseBuildCommand } from '../../../src/releases/build-command.js';
import { makeApp } from '../../helpers/app-dir.js';

describe('buildScriptCommand (what the Node.js buildpack runs)', () => {
  it.each<[string, Record<string, unknown> | undefined, string | undefined]>([
    ['no scripts', undefined, undefined],
    ['neither script', { start: 'node web.js' }, undefined],
    ['build', { build: 'tsc' }, 'npm run build'],
    [
      'heroku-postbuild wins over build',
      { build: 'tsc', 'heroku-postbuild': 'make' },
      'npm run heroku-postbuild',
    ],
    ['a script that is not a string', { build: 42 }, undefined],
  ])('%s', (_name, scripts, expected) => {
    expect(buildScriptCommand(scripts)).toBe(expected);
  });
});

describe('chooseBuildCommand', () => {
  const appWith = (packageJson: string | undefined): string =>
    makeApp(packageJson === undefined ? {} : { 'package.json': packageJson });
  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ['--build wins', '{"scripts":{"build":"tsc"}}', 'make', 'make'],
    ['package.json build', '{"scripts":{"build":"tsc"}}', undefined, 'npm run build'],
    ['no package.json', undefined, undefined, undefined],
    ['unreadable package.json', '{nope', undefined, undefined],
  ])('%s', (_name, packageJson, flag, expected) => {
    expect(chooseBuildCommand(appWith(packageJson), flag)).toBe(expected);
  });
});

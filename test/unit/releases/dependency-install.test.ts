import { describe, expect, it } from 'vitest';
import type { DependencyStep } from '../../../src/releases/dependency-install.js';
import {
  dependencySteps,
  initialDependencyStep,
  missingNodeDependencies,
} from '../../../src/releases/dependency-install.js';

function steps(
  changed: string[],
  present: string[],
  env: Record<string, string> = {},
): DependencyStep[] {
  return dependencySteps({ changed, present: new Set(present), env });
}

const run = (command: string, reason: string): DependencyStep => ({ kind: 'run', command, reason });

describe('dependencySteps', () => {
  it.each<[string, string[], string[], Record<string, string>, DependencyStep[]]>([
    ['nothing relevant changed', ['web.js'], ['package.json'], {}, []],
    [
      'package.json, no lockfile: npm install',
      ['package.json', 'web.js'],
      ['package.json'],
      {},
      [run('npm install --no-audit --no-fund', 'package.json changed')],
    ],
    [
      'package-lock.json: npm ci',
      ['package-lock.json'],
      ['package.json', 'package-lock.json'],
      {},
      [run('npm ci --no-audit --no-fund', 'package-lock.json changed')],
    ],
    [
      'yarn.lock',
      ['package.json', 'yarn.lock'],
      ['package.json', 'yarn.lock'],
      {},
      [run('yarn install --frozen-lockfile', 'package.json, yarn.lock changed')],
    ],
    [
      'pnpm-lock.yaml',
      ['pnpm-lock.yaml'],
      ['package.json', 'pnpm-lock.yaml'],
      {},
      [run('pnpm install --frozen-lockfile', 'pnpm-lock.yaml changed')],
    ],
    [
      'a nested package.json is not the app manifest',
      ['lib/x/package.json'],
      ['package.json'],
      {},
      [],
    ],
    ['package.json deleted', ['package.json'], [], {}, []],
    [
      'requirements.txt with .venv in the app',
      ['requirements.txt'],
      ['requirements.txt', '.venv'],
      {},
      [run('.venv/bin/pip install -r requirements.txt', 'requirements.txt changed')],
    ],
    [
      'requirements.txt with an active virtualenv',
      ['requirements.txt'],
      ['requirements.txt', 'venv'],
      { VIRTUAL_ENV: '/home/me/envs/my app' },
      [
        run(
          "'/home/me/envs/my app/bin/pip' install -r requirements.txt",
          'requirements.txt changed',
        ),
      ],
    ],
    [
      'Gemfile.lock with vendor/bundle',
      ['Gemfile.lock'],
      ['Gemfile', 'Gemfile.lock', 'vendor/bundle'],
      {},
      [run('bundle install', 'Gemfile changed')],
    ],
    [
      'Gemfile with BUNDLE_PATH',
      ['Gemfile'],
      ['Gemfile'],
      { BUNDLE_PATH: '/tmp/gems' },
      [run('bundle install', 'Gemfile changed')],
    ],
  ])('%s', (_name, changed, present, env, expected) => {
    expect(steps(changed, present, env)).toEqual(expected);
  });

  it.each<[string, string[], string[], RegExp]>([
    [
      'python without a virtualenv',
      ['requirements.txt'],
      ['requirements.txt'],
      /pip install -r requirements\.txt/,
    ],
    ['ruby without an app bundle', ['Gemfile'], ['Gemfile'], /Run `bundle install`/],
  ])('%s: says what to run instead of installing', (_name, changed, present, advice) => {
    const [step] = steps(changed, present);
    expect(step?.kind).toBe('advise');
    expect(step?.kind === 'advise' && step.message).toMatch(advice);
  });
});

describe('missingNodeDependencies: what the first release installs', () => {
  it.each<[string, string | undefined, string[], string[]]>([
    ['no package.json', undefined, [], []],
    ['no dependencies', '{"name":"a"}', [], []],
    ['all installed', '{"dependencies":{"express":"^4"}}', ['express'], []],
    [
      'a fresh clone',
      '{"dependencies":{"express":"^4"},"devDependencies":{"vitest":"4"}}',
      [],
      ['express', 'vitest'],
    ],
    ['a scoped one missing', '{"dependencies":{"@x/y":"1","z":"1"}}', ['z'], ['@x/y']],
    ['listed twice', '{"dependencies":{"a":"1"},"devDependencies":{"a":"1"}}', [], ['a']],
    ['unreadable JSON', '{', [], []],
    ['not an object', '[1]', [], []],
  ])('%s', (_name, packageJson, installed, expected) => {
    expect(missingNodeDependencies(packageJson, (name) => installed.includes(name))).toEqual(
      expected,
    );
  });

  it("installs with the lockfile's tool and names what was missing", () => {
    expect(initialDependencyStep([], new Set(['package.json']))).toBeUndefined();
    expect(initialDependencyStep(['a', 'b', 'c', 'd'], new Set(['package-lock.json']))).toEqual({
      kind: 'run',
      command: 'npm ci --no-audit --no-fund',
      reason: 'not installed: a, b, c, …',
    });
  });
});

// Whether an app serves HTTP, judged from its manifests: a web framework among its dependencies
// means Heroku's router will need a `web` process type (without one, every request is H14).
import type { PackageJson } from './facts.js';

const NODE_FRAMEWORKS = [
  'express',
  'fastify',
  'koa',
  '@hapi/hapi',
  'hapi',
  'next',
  'nuxt',
  '@nestjs/core',
  'restify',
  'socket.io',
  'ws',
  'node-static',
];
const PYTHON_FRAMEWORKS = [
  'flask',
  'django',
  'fastapi',
  'starlette',
  'gunicorn',
  'uvicorn',
  'bottle',
  'tornado',
  'aiohttp',
  'waitress',
  'streamlit',
];
const RUBY_FRAMEWORKS = ['rails', 'sinatra', 'puma', 'rack', 'hanami'];

/** The first web framework found, as `express (package.json)`, or undefined. */
export function webFramework(
  packageJson: PackageJson | undefined,
  files: Readonly<Record<string, string>>,
): string | undefined {
  const node = NODE_FRAMEWORKS.find((name) => packageJson?.dependencies[name] !== undefined);
  if (node !== undefined) return `${node} (package.json)`;
  const pythonText = [files['requirements.txt'], files.Pipfile, files['pyproject.toml']]
    .filter((text): text is string => text !== undefined)
    .join('\n')
    .toLowerCase();
  const python = PYTHON_FRAMEWORKS.find((name) =>
    new RegExp(`(^|["'\\s])${name}\\b`, 'm').test(pythonText),
  );
  if (python !== undefined) return `${python} (Python requirements)`;
  const gemfile = files.Gemfile ?? '';
  const ruby = RUBY_FRAMEWORKS.find((name) =>
    new RegExp(`^\\s*gem\\s+["']${name}["']`, 'm').test(gemfile),
  );
  return ruby === undefined ? undefined : `${ruby} (Gemfile)`;
}

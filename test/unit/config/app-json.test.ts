import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, parseAppJson } from '../../../src/config/app-json.js';
import type { AppJson } from '../../../src/domain/app-spec.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

function diagnosticsOf(text: string): string[] {
  return parseAppJson(text, 'app.json').diagnostics.map(formatDiagnostic);
}

/** JSON.parse's own wording, which differs between Node versions. */
function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

describe('parseAppJson: values', () => {
  it.each<[string, string, AppJson]>([
    ['an empty object', '{}', { formation: new Map(), env: new Map() }],
    [
      'name, formation and env',
      JSON.stringify({
        name: 'my-app',
        formation: { web: { quantity: 2, size: 'basic' }, worker: { quantity: 0 } },
        env: {
          PLAIN: 'value',
          SECRET_KEY: { description: 'signing key', generator: 'secret' },
          OPTIONAL: { required: false },
          WITH_DEFAULT: { value: 'x', required: true },
          BARE: {},
        },
      }),
      {
        name: 'my-app',
        formation: new Map([
          ['web', 2],
          ['worker', 0],
        ]),
        env: new Map([
          ['PLAIN', { required: true, value: 'value' }],
          ['SECRET_KEY', { required: true, description: 'signing key', generator: 'secret' }],
          ['OPTIONAL', { required: false }],
          ['WITH_DEFAULT', { required: true, value: 'x' }],
          ['BARE', { required: true }],
        ]),
      },
    ],
    [
      'unknown top-level keys are fine',
      '{"description": "d", "keywords": ["x"], "environments": {"test": {}}}',
      { formation: new Map(), env: new Map() },
    ],
    [
      'buildpacks, addons and scripts.postdeploy',
      JSON.stringify({
        buildpacks: [
          { url: 'heroku/nodejs' },
          { url: 'https://github.com/heroku/heroku-buildpack-ruby' },
        ],
        addons: ['heroku-postgresql', { plan: 'heroku-redis:mini', as: 'CACHE' }],
        scripts: { postdeploy: 'node seed.js', 'pr-predestroy': 'x' },
      }),
      {
        formation: new Map(),
        env: new Map(),
        buildpacks: ['heroku/nodejs', 'https://github.com/heroku/heroku-buildpack-ruby'],
        addons: [
          { plan: 'heroku-postgresql', service: 'heroku-postgresql', configVar: 'DATABASE_URL' },
          {
            plan: 'heroku-redis:mini',
            service: 'heroku-redis',
            configVar: 'CACHE_URL',
            as: 'CACHE',
          },
        ],
        postdeploy: 'node seed.js',
      },
    ],
  ])('%s', (_name, text, expected) => {
    const parsed = parseAppJson(text, 'app.json');
    expect(parsed.value).toEqual(expected);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('keeps formation entries in file order', () => {
    const parsed = parseAppJson('{"formation": {"b": {"quantity": 1}, "a": {"quantity": 1}}}', 'x');
    expect([...(parsed.value?.formation.keys() ?? [])]).toEqual(['b', 'a']);
  });
});

describe('parseAppJson: invalid JSON', () => {
  it.each<[string, string, number, number]>([
    ['a trailing comma', '{\n  "name": "x",\n}', 3, 1],
    ['an empty file', '', 1, 1],
    ['a cut-off file', '{\n  "name": "x"', 2, 14],
    ['a missing colon', '{\n  "name" "x"\n}', 2, 10],
  ])('%s: an error at line %i, column %i', (_name, text, line, column) => {
    expect(parseAppJson(text, 'app.json')).toEqual({
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          file: 'app.json',
          line,
          column,
          message: `invalid JSON: ${jsonParseMessage(text)}`,
          hint: 'Fix the JSON syntax (no comments, no trailing commas, double-quoted names).',
        },
      ],
    });
  });
});

describe('parseAppJson: diagnostics', () => {
  it.each<[string, string, string[]]>([
    [
      'not an object',
      '["web"]',
      [
        'app.json: error: app.json must hold a JSON object\n  Write it as `{ "name": "my-app", ... }`.',
      ],
    ],
    [
      'null',
      'null',
      [
        'app.json: error: app.json must hold a JSON object\n  Write it as `{ "name": "my-app", ... }`.',
      ],
    ],
    [
      'a name that is not a string',
      '{"name": 3}',
      ['app.json: error: app.json `name` must be a string; ignored'],
    ],
    [
      'a formation that is not an object',
      '{"formation": []}',
      [
        'app.json: error: app.json `formation` must be an object; ignored\n  Write it as `"formation": { "web": { "quantity": 1 } }`.',
      ],
    ],
    ...['-1', '1.5', '"2"', 'null'].map((quantity): [string, string, string[]] => [
      `a quantity of ${quantity}`,
      `{"formation": {"web": {"quantity": ${quantity}}}}`,
      [
        'app.json: error: app.json `formation.web.quantity` must be a whole number of dynos, 0 or more; ignored\n  Write `"web": { "quantity": 1 }`.',
      ],
    ]),
    [
      'a formation entry that is a number',
      '{"formation": {"web": 1}}',
      [
        'app.json: error: app.json `formation.web.quantity` must be a whole number of dynos, 0 or more; ignored\n  Write `"web": { "quantity": 1 }`.',
      ],
    ],
    [
      'a size that is not a string',
      '{"formation": {"web": {"quantity": 1, "size": 2}}}',
      ['app.json: error: app.json `formation.web.size` must be a string, such as "basic"; ignored'],
    ],
    [
      'env that is not an object',
      '{"env": "A=1"}',
      [
        'app.json: error: app.json `env` must be an object; ignored\n  Write it as `"env": { "SECRET_KEY": { "generator": "secret" } }`.',
      ],
    ],
    [
      'an env entry that is a number',
      '{"env": {"A": 1}}',
      [
        'app.json: error: app.json `env.A` must be a string or an object; ignored\n  Write `"A": { "description": "…", "required": true }`.',
      ],
    ],
    [
      'bad env fields',
      '{"env": {"A": {"value": 1, "required": "yes", "generator": "uuid", "description": []}}}',
      [
        'app.json: error: app.json `env.A`: `description` must be a string, `value` must be a string, `required` must be true or false, `generator` can only be "secret"; ignored',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });

  it('skips bad entries and keeps the good ones', () => {
    const parsed = parseAppJson(
      '{"formation": {"web": {"quantity": 1}, "worker": {"quantity": -1}}, "env": {"A": 1, "B": "b"}}',
      'app.json',
    );
    expect(parsed.value?.formation).toEqual(new Map([['web', 1]]));
    expect(parsed.value?.env).toEqual(new Map([['B', { required: true, value: 'b' }]]));
    expect(parsed.diagnostics).toHaveLength(2);
  });

  it('returns no value for invalid JSON', () => {
    expect(parseAppJson('{', 'app.json').value).toBeUndefined();
  });
});

describe('jsonErrorPosition: both wordings of JSON.parse errors', () => {
  const text = '{\n  "a": 1,\n}';
  it.each<[string, string, { line?: number; column?: number }]>([
    [
      'Node 20',
      'Expected double-quoted property name in JSON at position 12',
      { line: 3, column: 1 },
    ],
    [
      'Node 22 and later',
      'Expected double-quoted property name in JSON at position 12 (line 3 column 1)',
      { line: 3, column: 1 },
    ],
    ['the end of the input', 'Unexpected end of JSON input', { line: 3, column: 2 }],
    ['no position', `Unexpected token '}', "…" is not valid JSON`, {}],
  ])('%s', (_name, message, expected) => {
    expect(jsonErrorPosition(text, message)).toEqual(expected);
  });
});

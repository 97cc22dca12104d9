import { describe, expect, it } from 'vitest';
import {
  addonName,
  attachmentNameProblem,
  newAttachments,
  parsePlan,
} from '../../../src/addons/services.js';
import { missingAppJsonAddons } from '../../../src/addons/start-addons.js';
import type { AddonRecord } from '../../../src/addons/registry.js';
import { addonUrl } from '../../../src/addons/registry.js';
import { parseMajor } from '../../../src/addons/postgres-binaries.js';
import { addonRequest } from '../../../src/domain/addon.js';

describe('newAttachments (Heroku: DATABASE plus a colour, then colours; REDIS, then colours)', () => {
  it.each<[AddonRecord['service'], string[], string | undefined, string[]]>([
    ['heroku-postgresql', [], undefined, ['DATABASE', 'HEROKU_POSTGRESQL_RED']],
    [
      'heroku-postgresql',
      ['DATABASE', 'HEROKU_POSTGRESQL_RED'],
      undefined,
      ['HEROKU_POSTGRESQL_ORANGE'],
    ],
    ['heroku-postgresql', [], 'analytics', ['ANALYTICS']],
    ['heroku-redis', [], undefined, ['REDIS']],
    ['heroku-redis', ['REDIS'], undefined, ['HEROKU_REDIS_RED']],
    ['heroku-redis', ['DATABASE', 'HEROKU_POSTGRESQL_RED'], undefined, ['REDIS']],
  ])('%s with %j, as %s → %j', (service, existing, as, expected) => {
    expect(newAttachments(service, existing, as)).toEqual(expected);
  });
});

describe('attachmentNameProblem', () => {
  it.each<[string, RegExp | undefined]>([
    ['ANALYTICS', undefined],
    ['cache_2', undefined],
    ['2CACHE', /not a valid attachment name/],
    ['MY-DB', /not a valid attachment name/],
    ['CACHE_URL', /without _URL/],
  ])('%s', (name, problem) => {
    const found = attachmentNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('parsePlan', () => {
  it.each<[string, ReturnType<typeof parsePlan>]>([
    ['heroku-postgresql', { service: 'heroku-postgresql', tier: 'essential-0' }],
    ['heroku-postgresql:standard-0', { service: 'heroku-postgresql', tier: 'standard-0' }],
    ['heroku-redis', { service: 'heroku-redis', tier: 'mini' }],
    ['sendgrid:starter', undefined],
  ])('%s', (plan, expected) => expect(parsePlan(plan)).toEqual(expected));
});

it('names add-ons as Heroku does: service-word-number', () => {
  expect(addonName('heroku-postgresql', 0, 0)).toBe('postgresql-amber-10000');
  expect(addonName('heroku-redis', 0.999, 0.999)).toMatch(/^redis-[a-z]+-99\d{3}$/);
});

const record = (service: AddonRecord['service'], attachments: string[]): AddonRecord => ({
  name: `${service === 'heroku-redis' ? 'redis' : 'postgresql'}-x-${attachments.join('')}`,
  service,
  tier: 't',
  attachments,
  port: 5432,
  password: 'p/w',
  createdAt: '',
});

describe('missingAppJsonAddons: app.json add-ons the app does not have yet', () => {
  it.each<[string, (string | [string, string])[], AddonRecord[], string[]]>([
    ['none yet', ['heroku-postgresql', 'heroku-redis'], [], ['heroku-postgresql', 'heroku-redis']],
    [
      'both present',
      ['heroku-postgresql', 'heroku-redis:mini'],
      [record('heroku-postgresql', ['DATABASE']), record('heroku-redis', ['REDIS'])],
      [],
    ],
    [
      'two databases, one present',
      ['heroku-postgresql', 'heroku-postgresql'],
      [record('heroku-postgresql', ['DATABASE'])],
      ['heroku-postgresql'],
    ],
    [
      'as: matched by attachment',
      [['heroku-redis', 'CACHE']],
      [record('heroku-redis', ['REDIS'])],
      ['heroku-redis'],
    ],
    ['a service hdev does not run', ['sendgrid'], [], []],
  ])('%s', (_, requests, existing, expected) => {
    const asked = requests.map((entry) =>
      typeof entry === 'string' ? addonRequest(entry) : addonRequest(entry[0], entry[1]),
    );
    expect(missingAppJsonAddons(asked, existing).map((request) => request.plan)).toEqual(expected);
  });
});

it('URLs: postgres:// and redis:// on loopback, the password escaped', () => {
  expect(addonUrl(record('heroku-postgresql', ['DATABASE']))).toBe(
    'postgres://postgres:p%2Fw@127.0.0.1:5432/postgres',
  );
  expect(addonUrl({ ...record('heroku-redis', ['REDIS']), port: 6379 })).toBe(
    'redis://:p%2Fw@127.0.0.1:6379',
  );
});

it.each<[string, number | undefined]>([
  ['postgres (PostgreSQL) 18.4\n', 18],
  ['postgres (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)\n', 15],
  ['bash: postgres: not found', undefined],
])('parseMajor(%j)', (output, major) => expect(parseMajor(output)).toBe(major));

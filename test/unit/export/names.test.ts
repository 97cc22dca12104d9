import { describe, expect, it } from 'vitest';
import { parseAppJson } from '../../../src/config/app-json.js';
import { assertDistinct, composeName, dnsLabel, unitName } from '../../../src/export/names.js';

describe('export names', () => {
  it.each([
    ['getting-started', 'getting-started'],
    ['My_App.v2', 'my-app-v2'],
    ['--weird--', 'weird'],
    ['ünï', 'n'],
    ['', 'app'],
    ['a'.repeat(70), 'a'.repeat(63)],
  ])('dnsLabel(%j) = %j', (name, label) => {
    expect(dnsLabel(name)).toBe(label);
  });

  it('dnsLabel never ends with a dash after cutting', () => {
    expect(dnsLabel(`${'a'.repeat(9)}-b`, 10)).toBe('a'.repeat(9));
  });

  it.each([
    ['My App', 'my-app'],
    ['_hidden', 'hidden'],
    ['ok_name-1', 'ok_name-1'],
  ])('composeName(%j) = %j', (name, clean) => {
    expect(composeName(name)).toBe(clean);
  });

  it.each([
    ['my app@2', 'my-app-2'],
    ['.hidden', 'hidden'],
    ['Shop_1.x', 'Shop_1.x'],
  ])('unitName(%j) = %j', (name, clean) => {
    expect(unitName(name)).toBe(clean);
  });

  it('refuses two process types that become one name', () => {
    expect(() => assertDistinct(['my_worker', 'my-worker'], dnsLabel, 'names')).toThrow(
      /`my_worker` and `my-worker` both become `my-worker`/,
    );
    expect(() => assertDistinct(['web', 'worker'], dnsLabel, 'names')).not.toThrow();
  });
});

describe('app.json add-ons', () => {
  it.each([
    [['heroku-postgresql'], 'heroku-postgresql', 'DATABASE_URL'],
    [['heroku-redis:mini'], 'heroku-redis', 'REDIS_URL'],
    [
      [{ plan: 'heroku-postgresql:essential-0', as: 'analytics' }],
      'heroku-postgresql',
      'ANALYTICS_URL',
    ],
    [['papertrail'], 'papertrail', 'PAPERTRAIL_API_TOKEN'],
    [['scheduler:standard'], 'scheduler', undefined],
  ])('%j', (addons, service, configVar) => {
    const parsed = parseAppJson(JSON.stringify({ addons }), 'app.json');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value?.addons?.map((addon) => [addon.service, addon.configVar])).toEqual([
      [service, configVar],
    ]);
  });

  it('warns about entries that are not plans, and keeps the rest', () => {
    const parsed = parseAppJson(JSON.stringify({ addons: [42, 'heroku-redis'] }), 'app.json');
    expect(parsed.value?.addons?.map((addon) => addon.service)).toEqual(['heroku-redis']);
    expect(parsed.diagnostics[0]?.message).toMatch(/`addons\[0\]` is not understood/);
  });

  it('has nothing to say without app.json or addons', () => {
    expect(parseAppJson('{"name":"x"}', 'app.json').value?.addons).toBeUndefined();
  });
});

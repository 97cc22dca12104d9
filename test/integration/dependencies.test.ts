// A deploy that changes package.json installs the dependencies before the new dynos boot, as the
// Node.js buildpack does on every build. The dependency is a local `file:` package and npm runs
// offline: the test never reaches the network.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const SERVE = [
  "const server = require('node:http').createServer((req, res) => res.end(`${answer()}\\n`));",
  'server.listen(Number(process.env.PORT));',
  "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  '',
].join('\n');

/** An app whose web dyno needs the local `greeter` package through node_modules. */
function appNeedingGreeter(): string {
  return makeApp({
    Procfile: 'web: node web.js\n',
    'package.json': JSON.stringify({
      name: 'app',
      version: '1.0.0',
      private: true,
      dependencies: { greeter: 'file:greeter' },
    }),
    'web.js': `const answer = require('greeter');\n${SERVE}`,
    'greeter/package.json': JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'index.js' }),
    'greeter/index.js': "module.exports = () => 'hello from greeter';\n",
  });
}

/** npm must not reach the network: everything it needs is on disk. */
function offlineNpm(): Record<string, string> {
  return {
    npm_config_offline: 'true',
    npm_config_cache: makeApp({}),
    npm_config_update_notifier: 'false',
  };
}

describe('dependencies at the first release', () => {
  it('installs what a fresh clone lacks before the dynos boot, and nothing when it is there', async () => {
    const app = appNeedingGreeter();
    const env = offlineNpm();
    for (const run of ['fresh clone', 'installed'] as const) {
      const port = await freeBasePort();
      const hdev = new HdevProcess(['start', '-p', String(port)], { cwd: app, env });
      await hdev.waitForLine(/web\.1 +\| State changed from starting to up/, 60_000);
      expect((await get(port, '/')).body.trim()).toBe('hello from greeter');
      const installLine =
        /api +\| Installing dependencies \(not installed: greeter\): npm install --no-audit --no-fund/;
      if (run === 'fresh clone') expect(hdev.stdout).toMatch(installLine);
      else expect(hdev.stdout).not.toMatch(/Installing dependencies/);
      expect(hdev.stdout).not.toMatch(/Cannot find module/);
      hdev.signal('SIGTERM');
      await hdev.waitForExit();
      hdev.expectNoSurvivors();
    }
  });
});

describe('dependencies on deploy', () => {
  it('installs a dependency added to package.json before the new release boots', async () => {
    const app = makeApp({
      Procfile: 'web: node web.js\n',
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true }),
      'web.js': `const answer = () => 'no greeter yet';\n${SERVE}`,
      'greeter/package.json': JSON.stringify({
        name: 'greeter',
        version: '1.0.0',
        main: 'index.js',
      }),
      'greeter/index.js': "module.exports = () => 'hello from greeter';\n",
    });
    const port = await freeBasePort();
    const npmCache = makeApp({});
    const hdev = new HdevProcess(['start', '-p', String(port)], {
      cwd: app,
      // npm must not reach the network: everything it needs is on disk.
      env: {
        npm_config_offline: 'true',
        npm_config_cache: npmCache,
        npm_config_update_notifier: 'false',
      },
    });
    await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);

    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        private: true,
        dependencies: { greeter: 'file:greeter' },
      }),
    );
    writeFileSync(join(app, 'web.js'), `const answer = require('greeter');\n${SERVE}`);

    let last = '';
    await waitFor(
      async () => {
        const reply = await get(port, '/');
        last = `${reply.status} ${reply.body}`;
        return reply.body.trim() === 'hello from greeter' ? reply : undefined;
      },
      {
        timeoutMs: 60_000,
        describe: () => `the new release to serve; last: ${last}\n${hdev.stdout}`,
      },
    );
    expect(hdev.stdout).toMatch(
      /api +\| Installing dependencies \(package\.json changed\): npm install --no-audit --no-fund/,
    );
    expect(hdev.stdout).toMatch(/api +\| Build succeeded/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});

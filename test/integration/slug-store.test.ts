// The slug store on real files in temp folders, with real git repositories: what goes into a
// slug, what is linked and what is copied, and what the store cleans up.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  linkSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HdevError } from '../../src/errors.js';
import type { SlugSource, StagedSlug } from '../../src/slugs/slug-store.js';
import { SlugStore } from '../../src/slugs/slug-store.js';
import { waitFor } from '../helpers/wait.js';
import { gitIn } from '../helpers/git.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding `app/` and `slugs/`, on one filesystem as in hdev's data folder. */
function scratch(): { base: string; app: string; store: SlugStore } {
  const base = mkdtempSync(join(tmpdir(), 'hdev-slugs-'));
  created.push(base);
  const app = join(base, 'app');
  mkdirSync(app);
  return { base, app, store: new SlugStore(join(base, 'slugs')) };
}

/** An hour ago: older than the store's margin for timestamps too recent to trust. */
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

/** Writes files, dated `at` (an hour ago unless told). */
function write(root: string, files: Readonly<Record<string, string>>, at = AN_HOUR_AGO): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    utimesSync(full, at, at);
  }
}

const git = gitIn;

function commitAll(root: string, message = 'app'): string {
  if (!existsSync(join(root, '.git'))) git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const ino = (path: string): number => lstatSync(path).ino;
const tree = (root: string): string[] =>
  (readdirSync(root, { recursive: true }) as string[]).map((p) => p.split('\\').join('/')).sort();

async function build(
  store: SlugStore,
  source: SlugSource,
  options: { dependenciesFrom?: string; previous?: string } = {},
) {
  const staged = await store.stage(source, options);
  return { staged, slug: await store.seal(staged) };
}

describe('slug store: what goes in', () => {
  it('takes what git would deploy, never .git, and node_modules hard-linked', async () => {
    const { app, store } = scratch();
    write(app, {
      '.gitignore': 'node_modules/\n.env\ntmp/\n',
      'package.json': '{"name":"app"}',
      'index.js': 'console.log(1)',
      '.env': 'SECRET=1',
      'tmp/cache.bin': 'x',
      'node_modules/left-pad/index.js': 'module.exports = 1',
      'node_modules/left-pad/node_modules/inner/index.js': 'inner',
      'packages/web/package.json': '{}',
      'packages/web/node_modules/w/index.js': 'w',
      'odd name\n é 🚀.js': 'odd',
    });
    commitAll(app);
    write(app, { 'untracked.js': 'new', 'deleted.js': 'gone soon' });
    git(app, 'add', 'deleted.js');
    rmSync(join(app, 'deleted.js'));

    const { staged, slug } = await build(
      store,
      { kind: 'working-tree', root: app },
      {
        dependenciesFrom: app,
      },
    );

    expect(tree(slug.dir)).toEqual([
      '.gitignore',
      'index.js',
      'node_modules',
      'node_modules/left-pad',
      'node_modules/left-pad/index.js',
      'node_modules/left-pad/node_modules',
      'node_modules/left-pad/node_modules/inner',
      'node_modules/left-pad/node_modules/inner/index.js',
      'odd name\n é 🚀.js',
      'package.json',
      'packages',
      'packages/web',
      'packages/web/node_modules',
      'packages/web/node_modules/w',
      'packages/web/node_modules/w/index.js',
      'packages/web/package.json',
      'untracked.js',
    ]);
    for (const dependency of [
      'node_modules/left-pad/index.js',
      'node_modules/left-pad/node_modules/inner/index.js',
      'packages/web/node_modules/w/index.js',
    ])
      expect(ino(join(slug.dir, dependency))).toBe(ino(join(app, dependency)));
    expect(ino(join(slug.dir, 'index.js'))).not.toBe(ino(join(app, 'index.js')));
    expect(staged.changedFiles).toEqual([
      '.gitignore',
      'index.js',
      'odd name\n é 🚀.js',
      'package.json',
      'packages/web/package.json',
      'untracked.js',
    ]);
    expect(slug.fileCount).toBe(9);
    expect(slug.addedBytes).toBe(
      [
        '.gitignore',
        'index.js',
        'odd name\n é 🚀.js',
        'package.json',
        'packages/web/package.json',
        'untracked.js',
      ]
        .map((p) => statSync(join(app, p)).size)
        .reduce((a, b) => a + b),
    );
    expect(store.get(slug.id)).toEqual(slug);
    expect(existsSync(`${slug.dir}.json`)).toBe(true);
    expect(existsSync(join(slug.dir, `${slug.id}.json`))).toBe(false);
  });

  it('takes an app in a folder of a larger repository, relative to the app', async () => {
    const { base, store } = scratch();
    write(base, {
      'repo/README.md': 'not the app',
      'repo/apps/web/web.js': 'web',
      'repo/apps/web/.slugignore': 'spec/\n',
      'repo/apps/web/spec/a.js': 'spec',
      'repo/apps/api/api.js': 'another app',
    });
    commitAll(join(base, 'repo'));
    const { slug } = await build(store, {
      kind: 'working-tree',
      root: join(base, 'repo/apps/web'),
    });
    expect(tree(slug.dir)).toEqual(['.slugignore', 'web.js']);
  });

  it('honours .slugignore, and reports a negation it ignores', async () => {
    const { app, store } = scratch();
    write(app, {
      '.slugignore': '# not needed to run\n*.psd\n/spec\ndocs/\n!keep.psd\n',
      'app.js': 'app',
      'art/logo.psd': 'psd',
      'keep.psd': 'psd',
      'spec/app_spec.rb': 'spec',
      'lib/spec/helper.rb': 'kept: /spec is anchored',
      'docs/guide.md': 'docs',
      'lib/docs': 'a file, not a folder: kept',
    });
    commitAll(app);
    const { staged, slug } = await build(store, { kind: 'working-tree', root: app });
    expect(tree(slug.dir).filter((p) => !statSync(join(slug.dir, p)).isDirectory())).toEqual([
      '.slugignore',
      'app.js',
      'lib/docs',
      'lib/spec/helper.rb',
    ]);
    expect(staged.warnings).toEqual([expect.stringContaining('"!keep.psd" is ignored')]);
  });

  it('walks an app that is not in a git work tree, keeping modes, odd names and links', async () => {
    const { app, store } = scratch();
    const odd = 'with space\nnewline é 🚀.txt';
    write(app, { 'web.js': 'web', [odd]: 'odd', 'bin/start': '#!/bin/sh\n', '.git/HEAD': 'x' });
    chmodSync(join(app, 'bin/start'), 0o755);
    symlinkSync('web.js', join(app, 'link.js'));
    const { slug } = await build(store, { kind: 'working-tree', root: app });
    expect(read(slug.dir, odd)).toBe('odd');
    expect(statSync(join(slug.dir, 'bin/start')).mode & 0o777).toBe(0o755);
    expect(statSync(join(slug.dir, 'web.js')).mode & 0o111).toBe(0);
    expect(readlinkSync(join(slug.dir, 'link.js'))).toBe('web.js');
    expect(existsSync(join(slug.dir, '.git'))).toBe(false);
  });

  it('takes symbolic link loops as links, without following them', async () => {
    const { app, store } = scratch();
    write(app, { 'web.js': 'web', 'node_modules/a/index.js': 'a' });
    symlinkSync('.', join(app, 'self'));
    symlinkSync('b', join(app, 'a'));
    symlinkSync('a', join(app, 'b'));
    symlinkSync('..', join(app, 'node_modules/a/up'));
    for (const withGit of [false, true]) {
      if (withGit) commitAll(app);
      const { slug } = await build(
        store,
        { kind: 'working-tree', root: app },
        {
          dependenciesFrom: app,
        },
      );
      expect(readlinkSync(join(slug.dir, 'self'))).toBe('.');
      expect(readlinkSync(join(slug.dir, 'a'))).toBe('b');
      expect(readlinkSync(join(slug.dir, 'node_modules/a/up'))).toBe('..');
    }
  }, 20_000);
});

describe('slug store: what it cannot link or read', () => {
  const shm = '/dev/shm';
  const otherFilesystem =
    existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev ? shm : undefined;

  it.skipIf(otherFilesystem === undefined)(
    'copies dependencies from another filesystem, and counts them as added',
    async () => {
      const { app, store } = scratch();
      write(app, { 'package.json': '{}' });
      const installed = mkdtempSync(join(otherFilesystem ?? '', 'hdev-slugs-'));
      created.push(installed);
      write(installed, { 'node_modules/a/index.js': 'a'.repeat(1000) });
      const { slug } = await build(
        store,
        { kind: 'working-tree', root: app },
        {
          dependenciesFrom: installed,
        },
      );
      expect(read(slug.dir, 'node_modules/a/index.js')).toBe('a'.repeat(1000));
      expect(slug.addedBytes).toBe(2 + 1000);
      expect(slug.sizeBytes).toBe(2 + 1000);
    },
  );

  it('says which file it cannot read, and why', () => {
    const { base, app, store } = scratch();
    write(app, { 'web.js': 'web', 'secret.pem': 'key' });
    chmodSync(join(app, 'secret.pem'), 0o000);
    // root reads every file: the store runs as nobody then.
    const asNobody = process.getuid?.() === 0;
    if (asNobody) {
      chmodSync(base, 0o755);
      mkdirSync(store.directory);
      chownSync(store.directory, 65534, 65534);
    }
    // nobody may not reach this checkout (a clone in a private folder): it runs a copy of the
    // built store, with the one package the store imports, from the scratch folder.
    const copy = join(base, 'hdev');
    cpSync(fileURLToPath(new URL('../../dist', import.meta.url)), join(copy, 'dist'), {
      recursive: true,
      filter: (source) => !source.includes(`${sep}bundle`),
    });
    cpSync(
      fileURLToPath(new URL('../../node_modules/ignore', import.meta.url)),
      join(copy, 'node_modules', 'ignore'),
      { recursive: true },
    );
    writeFileSync(join(copy, 'package.json'), '{ "type": "module" }\n');
    const module = pathToFileURL(join(copy, 'dist', 'slugs', 'slug-store.js')).href;
    const script = `import { SlugStore } from ${JSON.stringify(module)};
      new SlugStore(${JSON.stringify(store.directory)})
        .stage({ kind: 'working-tree', root: ${JSON.stringify(app)} }, {})
        .then(() => console.log('staged'), (e) => console.log(e.name + ': ' + e.message));`;
    const node = asNobody ? nodeForNobody(base) : process.execPath;
    const result = spawnSync(node, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(
      `HdevError: cannot read ${join(app, 'secret.pem')} for the slug: permission denied`,
    );
    expect(readdirSync(store.directory)).toEqual([]);
  });
});

/**
 * A Node that nobody can run: this one, or, when it lives in a folder nobody cannot enter (Node
 * 24 from npx's cache in /root), a hard link to it in the scratch folder (a copy across disks).
 */
function nodeForNobody(base: string): string {
  const probe = spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 });
  if (probe.error === undefined && probe.status === 0) return process.execPath;
  const linked = join(base, 'node');
  try {
    linkSync(process.execPath, linked);
  } catch {
    cpSync(process.execPath, linked);
  }
  chmodSync(linked, 0o755);
  return linked;
}

describe('slug store: immutability and reuse', () => {
  it('keeps the slug as sealed when the working tree changes afterwards', async () => {
    const { app, store } = scratch();
    write(app, { 'web.js': 'v1' });
    const { slug } = await build(store, { kind: 'working-tree', root: app });
    writeFileSync(join(app, 'web.js'), 'v2'); // in place: the same inode
    expect(read(slug.dir, 'web.js')).toBe('v1');
  });

  it('links unchanged files from the previous slug and copies changed ones', async () => {
    const { app, store } = scratch();
    write(app, {
      'same.js': 'same',
      'changed.js': 'v1',
      'removed.js': 'r',
      'package.json': '{}',
      // Names that are also properties of every JavaScript object.
      ['__proto__']: 'p',
      constructor: 'c',
    });
    const first = await build(store, { kind: 'working-tree', root: app });
    write(app, { 'changed.js': 'v2' }, new Date(Date.now() - 1_800_000)); // same size, later
    rmSync(join(app, 'removed.js'));
    rmSync(join(app, 'constructor'));
    const second = await build(
      store,
      { kind: 'working-tree', root: app },
      {
        previous: first.slug.id,
      },
    );
    const [a, b] = [first.slug.dir, second.slug.dir];
    expect(ino(join(b, 'same.js'))).toBe(ino(join(a, 'same.js')));
    expect(ino(join(b, '__proto__'))).toBe(ino(join(a, '__proto__')));
    expect(ino(join(b, 'changed.js'))).not.toBe(ino(join(a, 'changed.js')));
    expect(read(b, 'changed.js')).toBe('v2');
    expect(read(a, 'changed.js')).toBe('v1');
    expect(second.staged.changedFiles).toEqual(['changed.js']);
    expect(second.staged.removedFiles).toEqual(['constructor', 'removed.js']);
    expect(second.staged.previous).toBe(first.slug.id);
    expect(second.slug.addedBytes).toBe(2);
  });

  it('copies a file a dyno modified in place in the previous slug', async () => {
    const { app, store } = scratch();
    write(app, { 'config.json': '{"a":1}', 'web.js': 'web' });
    const first = await build(store, { kind: 'working-tree', root: app });
    writeFileSync(join(first.slug.dir, 'config.json'), '{"a":2}'); // a dyno, in place
    const second = await build(
      store,
      { kind: 'working-tree', root: app },
      {
        previous: first.slug.id,
      },
    );
    expect(read(second.slug.dir, 'config.json')).toBe('{"a":1}');
    expect(ino(join(second.slug.dir, 'web.js'))).toBe(ino(join(first.slug.dir, 'web.js')));
    expect(second.staged.changedFiles).toEqual(['config.json']);
  });

  it('compares the bytes of a file modified just before the previous slug was staged', async () => {
    const { app, store } = scratch();
    write(app, { 'edited.js': 'v1', 'untouched.js': 'same' });
    const recently = new Date();
    for (const file of ['edited.js', 'untouched.js'])
      utimesSync(join(app, file), recently, recently);
    const first = await build(store, { kind: 'working-tree', root: app });
    // An edit within the same timestamp tick: same size, same mtime, other bytes.
    writeFileSync(join(app, 'edited.js'), 'v2');
    utimesSync(join(app, 'edited.js'), recently, recently);
    const second = await build(
      store,
      { kind: 'working-tree', root: app },
      {
        previous: first.slug.id,
      },
    );
    expect(read(second.slug.dir, 'edited.js')).toBe('v2');
    expect(second.staged.changedFiles).toEqual(['edited.js']);
    expect(ino(join(second.slug.dir, 'untouched.js'))).toBe(
      ino(join(first.slug.dir, 'untouched.js')),
    );
  });

  it('links a file whose mtime alone moved (a save with no edit), and copies a real edit', async () => {
    const { app, store } = scratch();
    write(app, { 'saved.js': 'same bytes', 'edited.js': 'v1 bytes' });
    const long = new Date(Date.now() - 60_000); // well before the staging: not racy
    for (const file of ['saved.js', 'edited.js']) utimesSync(join(app, file), long, long);
    const first = await build(store, { kind: 'working-tree', root: app });
    const now = new Date();
    utimesSync(join(app, 'saved.js'), now, now); // `:w` with nothing changed
    writeFileSync(join(app, 'edited.js'), 'v2 bytes'); // the same size, other bytes
    const second = await build(
      store,
      { kind: 'working-tree', root: app },
      { previous: first.slug.id },
    );
    expect(second.staged.changedFiles).toEqual(['edited.js']);
    expect(ino(join(second.slug.dir, 'saved.js'))).toBe(ino(join(first.slug.dir, 'saved.js')));
    expect(read(second.slug.dir, 'edited.js')).toBe('v2 bytes');
  });
});

describe('slug store: commits', () => {
  it("gives the commit's content, whatever the working tree holds", async () => {
    const { app, store } = scratch();
    write(app, {
      '.slugignore': 'spec/\n',
      'web.js': 'committed',
      'spec/a_spec.rb': 'spec',
      'bin/run': '#!/bin/sh\n',
      'odd name\n é 🚀.js': 'odd',
      'node_modules/committed/index.js': 'a committed node_modules is not the source',
    });
    chmodSync(join(app, 'bin/run'), 0o755);
    symlinkSync('web.js', join(app, 'link.js'));
    const commit = commitAll(app);
    writeFileSync(join(app, 'web.js'), 'edited, not committed');
    write(app, { 'untracked.js': 'not committed' });

    const source = { kind: 'commit', gitDir: join(app, '.git'), commit } as const;
    const first = await build(store, source);
    expect(read(first.slug.dir, 'web.js')).toBe('committed');
    expect(statSync(join(first.slug.dir, 'bin/run')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(first.slug.dir, 'link.js'))).toBe('web.js');
    expect(tree(first.slug.dir)).toEqual([
      '.slugignore',
      'bin',
      'bin/run',
      'link.js',
      'odd name\n é 🚀.js',
      'web.js',
    ]);
    expect(read(first.slug.dir, 'odd name\n é 🚀.js')).toBe('odd');

    writeFileSync(join(app, 'web.js'), 'second commit');
    const next = commitAll(app, 'two');
    const second = await build(store, { ...source, commit: next }, { previous: first.slug.id });
    expect(second.staged.changedFiles).toEqual(['untracked.js', 'web.js']);
    expect(ino(join(second.slug.dir, 'bin/run'))).toBe(ino(join(first.slug.dir, 'bin/run')));
    expect(read(second.slug.dir, 'web.js')).toBe('second commit');
  });

  it('says so when the commit does not exist', async () => {
    const { app, store } = scratch();
    write(app, { 'web.js': 'web' });
    commitAll(app);
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const staging = store.stage({ kind: 'commit', gitDir: join(app, '.git'), commit: missing }, {});
    await expect(staging).rejects.toThrow(HdevError);
    await expect(staging).rejects.toThrow(`commit ${missing} does not exist in`);
    expect(readdirSync(store.directory)).toEqual([]);
  });

  it("reads objects through the caller's git environment (a hook's quarantine)", async () => {
    const { base, app, store } = scratch();
    write(app, { 'web.js': 'v1' });
    commitAll(app);
    const pushed = join(base, 'pushed');
    git(base, 'clone', '-q', app, pushed);
    writeFileSync(join(pushed, 'web.js'), 'v2');
    const commit = commitAll(pushed, 'pushed');
    const source = { kind: 'commit', gitDir: join(app, '.git'), commit } as const;
    await expect(store.stage(source, {})).rejects.toThrow('does not exist');
    const gitEnv = { GIT_ALTERNATE_OBJECT_DIRECTORIES: join(pushed, '.git', 'objects') };
    const { slug } = await build(store, { ...source, gitEnv });
    expect(read(slug.dir, 'web.js')).toBe('v2');
  });
});

describe('slug store: upkeep', () => {
  it('prunes what it is not told to keep, and a dead process’s staging folder', async () => {
    const { app, store } = scratch();
    write(app, { 'web.js': 'web' });
    const kept = await build(store, { kind: 'working-tree', root: app });
    const pruned = await build(store, { kind: 'working-tree', root: app });
    const own: StagedSlug = await store.stage({ kind: 'working-tree', root: app }, {});

    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const alive = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const deadStaging = join(store.directory, `.staging-${dead}-${kept.slug.id}`);
      const aliveStaging = join(store.directory, `.staging-${alive.pid}-${kept.slug.id}`);
      mkdirSync(deadStaging);
      mkdirSync(aliveStaging);

      expect(await store.prune(new Set([kept.slug.id]))).toEqual([pruned.slug.id]);
      expect(store.get(pruned.slug.id)).toBeUndefined();
      expect(existsSync(pruned.slug.dir)).toBe(false);
      expect(store.get(kept.slug.id)).toEqual(kept.slug);
      expect(existsSync(deadStaging)).toBe(false);
      expect(existsSync(aliveStaging)).toBe(true);
      expect(existsSync(own.dir)).toBe(true);
    } finally {
      alive.kill('SIGKILL');
      await store.discard(own);
    }
    expect(existsSync(own.dir)).toBe(false);
  });

  it('finds files a dyno wrote into its slug after the seal', async () => {
    const { app, store } = scratch();
    write(app, { 'web.js': 'web', 'tmp/.keep': '' });
    const { slug } = await build(store, { kind: 'working-tree', root: app });
    expect(await store.writtenSince(slug.id)).toEqual([]);
    writeFileSync(join(slug.dir, 'tmp', 'upload.png'), 'png');
    writeFileSync(join(slug.dir, 'web.js'), 'patched');
    await waitFor(
      async () => {
        const written = (await store.writtenSince(slug.id)).sort();
        return written.length === 2 && written;
      },
      { describe: () => 'writtenSince to report tmp/upload.png and web.js', timeoutMs: 5_000 },
    ).then((written) => expect(written).toEqual(['tmp/upload.png', 'web.js']));
  });
});

// Tools and peers (installed into bench/.peers/), the scratch apps, and markers in their output
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BASE_PORT,
  PEERS,
  ROOT,
  TOKEN,
  TOOL_LABELS,
  WORK,
  lastLines,
  log,
  now,
  run,
} from './common.mjs';
import { active, hasExited } from './processes.mjs';

export function hdevCommand() {
  const words = (process.env.HDEV_BIN ?? 'node bin/hdev').trim().split(/\s+/);
  return words.map((word) => {
    if (word.startsWith('-') || path.isAbsolute(word) || !word.includes('/')) return word;
    const resolved = path.resolve(ROOT, word);
    return fs.existsSync(resolved) ? resolved : word;
  });
}

export function versionOf(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function installNodeForeman() {
  const dir = path.join(PEERS, 'npm');
  const entry = path.join(dir, 'node_modules', 'foreman', 'nf.js');
  if (!fs.existsSync(entry)) {
    log('installing node-foreman: npm install --prefix bench/.peers/npm foreman@3');
    fs.mkdirSync(dir, { recursive: true });
    const res = run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', 'foreman@3']);
    if (!res.ok || !fs.existsSync(entry))
      throw new Error(`npm install failed: ${lastLines(res.stderr)}`);
  }
  const version = versionOf(path.join(dir, 'node_modules', 'foreman', 'package.json'));
  return { command: [process.execPath, entry], version: `foreman ${version} (nf)` };
}

export function haveCommand(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`]).ok;
}

export function aptGet(args) {
  return run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export let aptUpdated = false;
/** Run an apt-get command; on failure, `apt-get update` once and retry. */
export function aptWithUpdate(args, cwd) {
  let res = run('apt-get', args, {
    cwd,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!res.ok && !aptUpdated) {
    aptUpdated = true;
    const update = aptGet(['update', '-q']);
    if (!update.ok) return update;
    res = run('apt-get', args, { cwd, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return res;
}

export function findForemanGem(debRoot) {
  const gems = path.join(debRoot, 'usr', 'share', 'rubygems-integration', 'all', 'gems');
  let names;
  try {
    names = fs.readdirSync(gems);
  } catch {
    return null;
  }
  const name = names
    .filter((n) => /^foreman-\d/.test(n))
    .sort()
    .pop();
  return name ? { dir: path.join(gems, name), version: name.slice('foreman-'.length) } : null;
}

/** Load-path folders of the unpacked Debian packages (thor, in case a build does not vendor it). */
export function rubyLibDirs(debRoot) {
  const dirs = [path.join(debRoot, 'usr', 'lib', 'ruby', 'vendor_ruby')];
  const gems = path.join(debRoot, 'usr', 'share', 'rubygems-integration', 'all', 'gems');
  try {
    for (const name of fs.readdirSync(gems))
      if (/^thor-\d/.test(name)) dirs.push(path.join(gems, name, 'lib'));
  } catch {
    // no gems folder
  }
  return dirs.filter((d) => fs.existsSync(d));
}

export function installRubyForeman() {
  if (!haveCommand('apt-get') && !haveCommand('ruby'))
    throw new Error('skipped: no ruby and no apt-get on this machine');
  if (!haveCommand('ruby')) {
    log('installing the Ruby interpreter: apt-get install -y ruby');
    const res = aptWithUpdate(['install', '-y', '-q', 'ruby']);
    if (!res.ok || !haveCommand('ruby'))
      throw new Error(`skipped: could not install ruby: ${lastLines(res.stderr)}`);
  }
  const debRoot = path.join(PEERS, 'deb');
  let gem = findForemanGem(debRoot);
  if (!gem) {
    if (!haveCommand('apt-get') || !haveCommand('dpkg'))
      throw new Error('skipped: apt-get/dpkg not available');
    const downloads = path.join(PEERS, 'deb-download');
    fs.mkdirSync(downloads, { recursive: true });
    log(
      'installing Ruby foreman: apt-get download ruby-foreman ruby-thor; dpkg -x into bench/.peers/deb',
    );
    const res = aptWithUpdate(['download', 'ruby-foreman', 'ruby-thor'], downloads);
    if (!res.ok) throw new Error(`skipped: apt-get download failed: ${lastLines(res.stderr)}`);
    for (const deb of fs.readdirSync(downloads).filter((f) => f.endsWith('.deb'))) {
      const x = run('dpkg', ['-x', path.join(downloads, deb), debRoot]);
      if (!x.ok) throw new Error(`dpkg -x ${deb} failed: ${lastLines(x.stderr)}`);
    }
    gem = findForemanGem(debRoot);
    if (!gem) throw new Error('skipped: ruby-foreman unpacked but no foreman gem found');
  }
  const rubyVersion = run('ruby', ['-e', 'print RUBY_VERSION']).stdout;
  const libs = rubyLibDirs(debRoot);
  return {
    command: ['ruby', ...libs.flatMap((d) => ['-I', d]), path.join(gem.dir, 'bin', 'foreman')],
    version: `foreman ${gem.version} (Debian ruby-foreman, Ruby ${rubyVersion})`,
  };
}

/**
 * How to start each tool for an app: { file, args, cwd }. Every tool runs in the app folder
 * with the app's Procfile and .env, and its dynos' ports start at BASE_PORT.
 */
export function prepareTools(toolNames) {
  const tools = {};
  for (const name of toolNames) {
    if (name === 'floor') {
      tools.floor = {
        name,
        label: TOOL_LABELS.floor,
        version: `node ${process.version}`,
        floor: true,
      };
      continue;
    }
    try {
      if (name === 'hdev') {
        const cmd = hdevCommand();
        tools.hdev = {
          name,
          label: TOOL_LABELS.hdev,
          command: cmd,
          version: `hdev ${versionOf(path.join(ROOT, 'package.json'))} (${cmd.join(' ').replace(ROOT + '/', '')})`,
          start: (app) => ({
            file: cmd[0],
            args: [
              ...cmd.slice(1),
              'start',
              '-d',
              app.dir,
              '--format',
              'heroku',
              '-p',
              String(BASE_PORT),
            ],
          }),
        };
      } else if (name === 'nf') {
        const nf = installNodeForeman();
        tools.nf = {
          name,
          label: TOOL_LABELS.nf,
          version: nf.version,
          command: nf.command,
          start: () => ({
            file: nf.command[0],
            args: [...nf.command.slice(1), 'start', '-j', 'Procfile', '-p', String(BASE_PORT)],
          }),
        };
      } else if (name === 'ruby') {
        const rf = installRubyForeman();
        tools.ruby = {
          name,
          label: TOOL_LABELS.ruby,
          version: rf.version,
          start: (app) => ({
            file: rf.command[0],
            args: [
              ...rf.command.slice(1),
              'start',
              '-f',
              path.join(app.dir, 'Procfile'),
              '-d',
              app.dir,
              '-p',
              String(BASE_PORT),
            ],
          }),
        };
      }
    } catch (error) {
      tools[name] = { name, label: TOOL_LABELS[name], unavailable: error.message };
    }
  }
  return tools;
}

/** Starts `tool` for `app` (or the command `how`: { file, args, env }) in a process group of
 * its own, with the run's token in its environment. */
export function spawnTool(tool, app, stdout, stderrFile, how = tool.start(app)) {
  const { file, args, env } = how;
  const errFd = fs.openSync(stderrFile, 'w');
  const child = spawn(file, args, {
    cwd: app.dir,
    env: { ...process.env, ...env, HDEV_BENCH_TOKEN: TOKEN },
    stdio: ['ignore', stdout, errFd],
    detached: true, // its own process group, so it can be cleaned up as a whole
  });
  fs.closeSync(errFd);
  child.on('error', () => {}); // reported through the exit code / stderr file
  active.add(child);
  return child;
}

// ---------------------------------------------------------------------------------------------
// Apps

export function quote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function writeApp(name, procfileLines) {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Procfile'), procfileLines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, '.env'), 'BENCH_APP=' + name + '\n');
  return { name, dir };
}

/** Collects `READY-name` markers from a tool's stdout pipe; keeps draining it until it closes. */
export function watchMarkers(child) {
  const seen = new Map(); // name -> ms since watch started
  const started = now();
  let carry = '';
  let waiter = null;
  child.stdout.on('data', (chunk) => {
    const text = carry + chunk.toString('latin1');
    for (const match of text.matchAll(/READY-([a-z0-9]+)/g)) {
      if (!seen.has(match[1])) seen.set(match[1], now() - started);
    }
    carry = text.slice(-24);
    waiter?.();
  });
  return {
    seen,
    /** Resolves with the time the last of `names` appeared, or null at the deadline / on exit. */
    async all(names, deadlineMs) {
      const deadline = started + deadlineMs;
      while (now() < deadline) {
        if (names.every((n) => seen.has(n))) return Math.max(...names.map((n) => seen.get(n)));
        if (hasExited(child)) return null;
        await Promise.race([
          new Promise((resolve) => (waiter = resolve)),
          sleep(Math.max(1, Math.min(100, deadline - now()))),
        ]);
        waiter = null;
      }
      return names.every((n) => seen.has(n)) ? Math.max(...names.map((n) => seen.get(n))) : null;
    },
  };
}

/** Shows a command line the way a user would type it, with paths relative to the repository. */
export function commandLine({ file, args, env }) {
  const words = [file === process.execPath ? 'node' : file, ...args].map((w) =>
    w.startsWith(ROOT + '/') ? path.relative(ROOT, w) : w,
  );
  const prefix = Object.entries(env ?? {}).map(([k, v]) => `${k}=${v} `);
  return prefix.join('') + words.join(' ');
}

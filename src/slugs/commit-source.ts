// A commit as slug source, read from the repository without a work tree: what `git push` sent
// is what Heroku builds, whatever the working tree holds. The listing comes from
// `git ls-tree -r -z -l`; the contents of the files to write from one `git cat-file --batch`.
import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { HdevError } from '../errors.js';
import { isInDependencyDir, isInGitDir } from './dependency-dirs.js';
import type { GitEnv } from './git.js';
import { gitEnvironment, runGit, splitNul } from './git.js';
import type { SourceEntry, SourceListing } from './source-entries.js';

export interface CommitRef {
  readonly gitDir: string;
  readonly commit: string;
  readonly gitEnv?: GitEnv;
}

const MAX_SLUGIGNORE_BYTES = 1024 * 1024;

function git(ref: CommitRef, args: readonly string[]) {
  return runGit([`--git-dir=${ref.gitDir}`, ...args], { env: ref.gitEnv ?? {} });
}

/** The commit's full id, or an HdevError saying what is missing. */
export async function resolveCommit(ref: CommitRef): Promise<string> {
  const hint = 'hdev builds the slug from that commit of that repository.';
  if (ref.commit.startsWith('-') || ref.commit.trim() === '')
    throw new HdevError(`"${ref.commit}" is not a commit`, { hint });
  const result = await git(ref, ['rev-parse', '--verify', '--quiet', `${ref.commit}^{commit}`]);
  if (result.status === undefined)
    throw new HdevError('git is not installed, and the slug is to be built from a commit', {
      hint: 'Install git, or build the slug from the working tree.',
    });
  if (result.status === 0) return result.stdout.toString('utf8').trim();
  if (result.status === 1)
    throw new HdevError(`commit ${ref.commit} does not exist in ${ref.gitDir}`, { hint });
  throw new HdevError(`cannot read the repository ${ref.gitDir}: ${result.stderr}`, { hint });
}

/** `<mode> SP <type> SP <object> SP+ <size> TAB <path>`, as `ls-tree -l` writes it. */
function parseTreeRecord(record: string): {
  mode: string;
  type: string;
  blob: string;
  size: number;
  path: string;
} {
  const tab = record.indexOf('\t');
  const [mode = '', type = '', blob = '', size = ''] = record.slice(0, tab).split(/ +/);
  return { mode, type, blob, size: size === '-' ? 0 : Number(size), path: record.slice(tab + 1) };
}

async function readBlobText(ref: CommitRef, blob: string, size: number): Promise<string> {
  if (size > MAX_SLUGIGNORE_BYTES)
    throw new HdevError(`.slugignore in commit ${ref.commit} is larger than 1 MiB`, {
      hint: '.slugignore lists paths to leave out of the slug, one .gitignore-style pattern a line.',
    });
  const result = await git(ref, ['cat-file', 'blob', blob]);
  if (result.status !== 0)
    throw new HdevError(`cannot read .slugignore from commit ${ref.commit}: ${result.stderr}`);
  return result.stdout.toString('utf8');
}

export async function listCommit(ref: CommitRef, commitId: string): Promise<SourceListing> {
  const result = await git(ref, ['ls-tree', '-r', '-z', '-l', '--full-tree', commitId]);
  if (result.status !== 0)
    throw new HdevError(`cannot list commit ${ref.commit} in ${ref.gitDir}: ${result.stderr}`);
  const entries: SourceEntry[] = [];
  const warnings: string[] = [];
  let slugignore = '';
  for (const record of splitNul(result.stdout)) {
    const { mode, type, blob, size, path } = parseTreeRecord(record);
    if (path === '.slugignore' && mode.startsWith('100'))
      slugignore = await readBlobText(ref, blob, size);
    if (isInGitDir(path) || isInDependencyDir(path)) continue;
    if (type === 'commit') {
      // Deliberately unlike Heroku, which fetches submodules: hdev builds from this one repository.
      warnings.push(`submodule ${path} is not in the slug: hdev reads this repository only`);
    } else if (mode === '120000') entries.push({ path, type: 'symlink', mode: 0o777, size, blob });
    else if (type === 'blob')
      entries.push({ path, type: 'file', mode: mode === '100755' ? 0o755 : 0o644, size, blob });
  }
  return { entries, slugignore, warnings };
}

export interface BlobWrite {
  readonly blob: string;
  /** Where to write it: a file with `mode`, or a symbolic link to the blob's text. */
  readonly dest: string;
  readonly entry: SourceEntry;
}

/**
 * Writes every blob with one `git cat-file --batch`: its answers are `<oid> blob <size>\n`, the
 * bytes, `\n`, in the order asked. Files are written as the bytes arrive, never held whole.
 */
export function writeBlobs(ref: CommitRef, writes: readonly BlobWrite[]): Promise<void> {
  if (writes.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${ref.gitDir}`, 'cat-file', '--batch'], {
      env: gitEnvironment(ref.gitEnv),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const reader = new BatchReader(writes);
    let stderr = '';
    let failed: Error | undefined;
    const fail = (error: Error) => {
      failed ??= error;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        fail(error as Error);
      }
    });
    child.on('error', (error) => fail(error));
    child.stdin.on('error', () => undefined); // git gone early: its exit says why
    child.on('close', (status) => {
      reader.close();
      if (failed) reject(failed);
      else if (status !== 0 || !reader.done)
        reject(new HdevError(`cannot read the files of commit ${ref.commit}: ${stderr.trim()}`));
      else resolve();
    });
    child.stdin.end(writes.map((write) => `${write.blob}\n`).join(''));
  });
}

/** The state machine over cat-file's output: a header line, then `size` bytes, then `\n`. */
class BatchReader {
  private index = 0;
  private pending: Buffer = Buffer.alloc(0);
  private remaining = -1; // bytes of the current blob still to come; -1: expecting a header
  private fd: number | undefined;
  private linkTarget: Buffer[] = [];

  constructor(private readonly writes: readonly BlobWrite[]) {}

  get done(): boolean {
    return this.index === this.writes.length;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length > 0 && !this.done) {
      if (this.remaining < 0) {
        const newline = this.pending.indexOf(10);
        if (newline < 0) return;
        this.begin(this.pending.subarray(0, newline).toString('utf8'));
        this.pending = this.pending.subarray(newline + 1);
      } else if (this.remaining > 0) {
        const part = this.pending.subarray(0, this.remaining);
        this.write(part);
        this.remaining -= part.length;
        this.pending = this.pending.subarray(part.length);
      } else {
        this.pending = this.pending.subarray(1); // the `\n` after the bytes
        this.finish();
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private get current(): BlobWrite {
    const write = this.writes[this.index];
    if (write === undefined) throw new Error('git cat-file answered more than was asked');
    return write;
  }

  private begin(header: string): void {
    const [, type, size] = header.split(' ');
    if (type !== 'blob' || size === undefined)
      throw new HdevError(`git cat-file cannot read blob ${this.current.blob}: ${header}`);
    this.remaining = Number(size);
    if (this.current.entry.type === 'file') this.fd = openSync(this.current.dest, 'wx', 0o600);
  }

  private write(part: Buffer): void {
    if (this.fd === undefined) this.linkTarget.push(Buffer.from(part));
    else writeSync(this.fd, part);
  }

  private finish(): void {
    const { dest, entry } = this.current;
    if (this.fd === undefined) {
      symlinkSync(Buffer.concat(this.linkTarget).toString('utf8'), dest);
      this.linkTarget = [];
    } else {
      fchmodSync(this.fd, entry.mode); // exactly git's 644 or 755, whatever the umask
      this.close();
    }
    this.remaining = -1;
    this.index++;
  }
}

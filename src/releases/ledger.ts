// The release ledger: every release of the app, kept in hdev's per-app data folder so the history
// (and the slugs and config vars a rollback needs) survives a restart of `hdev start`, as Heroku's
// releases outlive any dyno. Append-only in meaning: a release is added once and only its status
// changes afterwards (pending → succeeded/failed, succeeded → expired when its slug is pruned),
// and what no rollback can use any more is let go (retention.ts).
import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { acquireLock, tempPathFor, type HeldLock } from '../config/env-file-lock.js';
import type { ProcessType } from '../domain/app-spec.js';
import type { Release, ReleaseStatus } from '../domain/release.js';
import { nextReleaseVersion } from '../domain/release.js';
import { HdevError } from '../errors.js';
import { retainedReleases } from './retention.js';

/** A release as the ledger keeps it: with the config vars it ran with, for a rollback. */
export interface StoredRelease extends Release {
  readonly configVars: Readonly<Record<string, string>>;
  /** The Procfile's types as the release ran them, for a rollback to it. */
  readonly processTypes?: readonly ProcessType[];
}

interface LedgerFile {
  readonly format: 1;
  readonly releases: readonly StoredRelease[];
}

const STATUSES: readonly ReleaseStatus[] = ['pending', 'succeeded', 'failed', 'expired'];

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

function isStoredRelease(value: unknown): value is StoredRelease {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(entry.version) &&
    typeof entry.description === 'string' &&
    STATUSES.includes(entry.status as ReleaseStatus) &&
    typeof entry.createdAt === 'number' &&
    isStringRecord(entry.configVars)
  );
}

/** A release for clients: the config vars stay in the ledger (Heroku's releases list has none). */
export function publicRelease(stored: StoredRelease): Release {
  const release: { -readonly [K in keyof StoredRelease]?: StoredRelease[K] } = { ...stored };
  delete release.configVars;
  delete release.processTypes;
  return release as Release;
}

export class ReleaseLedger {
  constructor(
    /** `<app data>/releases.json`. */
    readonly file: string,
  ) {}

  /** The folder of each release's build and release-phase output. */
  get outputDirectory(): string {
    return join(dirname(this.file), 'release-output');
  }

  outputFile(version: number): string {
    return join(this.outputDirectory, `v${version}.log`);
  }

  read(): StoredRelease[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw this.#unreadable((error as Error).message);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.#unreadable((error as Error).message);
    }
    const releases = (parsed as Partial<LedgerFile> | null)?.releases;
    if (!Array.isArray(releases)) throw this.#unreadable('it holds no `releases` list');
    return releases.filter(isStoredRelease);
  }

  /**
   * Changes the ledger under its lock (a `git push` and `hdev start` may write at once) and
   * replaces the file whole, so a crash leaves the old or the new ledger, never half of one.
   */
  update(change: (releases: StoredRelease[]) => StoredRelease[]): StoredRelease[] {
    let lock: HeldLock | undefined;
    let temp: string | undefined;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o711 });
      lock = acquireLock(this.file, this.file);
      const changed = change(this.read());
      const next = retainedReleases(changed);
      temp = tempPathFor(this.file);
      const text = `${JSON.stringify({ format: 1, releases: next } satisfies LedgerFile)}\n`;
      // The config vars hold secrets: this user only, as Heroku shows them only to collaborators.
      writeFileSync(temp, text, { mode: 0o600 });
      renameSync(temp, this.file);
      temp = undefined;
      this.#forgetOutput(changed, next);
      return next;
    } catch (error) {
      if (temp !== undefined) rmSync(temp, { force: true });
      if (error instanceof HdevError) throw error;
      throw new HdevError(
        `cannot write the release ledger ${this.file}: ${(error as Error).message}`,
        {
          hint: 'Free some space on that disk, or fix its permissions; the ledger on disk is unchanged.',
        },
      );
    } finally {
      lock?.release();
    }
  }

  /** Adds a release, or replaces the one with its version. */
  put(release: StoredRelease): void {
    this.update((releases) => [
      ...releases.filter((entry) => entry.version !== release.version),
      release,
    ]);
  }

  /**
   * Adds a release numbered after every release in the file, under the lock: two pushes at once
   * without a running `hdev start` get two numbers.
   */
  add(make: (version: number) => StoredRelease): StoredRelease {
    let added: StoredRelease | undefined;
    this.update((releases) => {
      added = make(nextReleaseVersion(releases));
      return [...releases, added];
    });
    if (added === undefined) throw new Error('the ledger update did not run');
    return added;
  }

  /** The output of releases the history no longer lists goes with them. */
  #forgetOutput(before: readonly StoredRelease[], after: readonly StoredRelease[]): void {
    const kept = new Set(after.map((release) => release.version));
    for (const release of before) {
      if (!kept.has(release.version)) rmSync(this.outputFile(release.version), { force: true });
    }
  }

  appendOutput(version: number, text: string): void {
    mkdirSync(this.outputDirectory, { recursive: true, mode: 0o700 });
    appendFileSync(this.outputFile(version), text, { mode: 0o600 });
  }

  /** The build and release-phase output of a release, or undefined when none was kept. */
  output(version: number): string | undefined {
    try {
      return readFileSync(this.outputFile(version), 'utf8');
    } catch {
      return undefined;
    }
  }

  #unreadable(why: string): HdevError {
    return new HdevError(`cannot read the release ledger ${this.file}: ${why}`, {
      hint: 'hdev keeps the app’s releases there; fix the file, or move it aside to start a new history.',
    });
  }
}

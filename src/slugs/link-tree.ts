// Hard-links a whole folder tree (a dependency folder: node_modules with tens of thousands of
// files) into a slug. Each file costs one link(2); measured on 20,000 files, synchronous calls
// took about half the time of libuv's thread pool (promises or callbacks, any concurrency), so
// the walk is synchronous, in slices: it yields to the event loop every LINK_SLICE operations,
// so the router and the logs of a running `hdev start` never wait more than a few milliseconds.
// A file that cannot be linked (another filesystem: EXDEV; too many links: EMLINK; a filesystem
// or policy that refuses: EPERM) is copied instead, and its bytes counted as added.
import type { Dirent } from 'node:fs';
import {
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { unreadable } from './source-entries.js';

/** Filesystem operations between two turns of the event loop. */
const LINK_SLICE = 128;

export interface TreeTotals {
  /** Files and symbolic links. */
  files: number;
  /** Apparent size of the files. */
  bytes: number;
  /** Bytes copied because a link was refused. */
  copiedBytes: number;
}

const LINK_REFUSED = new Set(['EXDEV', 'EMLINK', 'EPERM', 'EACCES', 'ENOTSUP', 'EOPNOTSUPP']);

/** Yields to the event loop every LINK_SLICE calls. */
export class Slicer {
  private count = 0;

  async tick(): Promise<void> {
    if (++this.count % LINK_SLICE === 0) await nextTurn();
  }
}

export class TreeLinker {
  readonly totals: TreeTotals = { files: 0, bytes: 0, copiedBytes: 0 };
  private crossDevice = false;
  private readonly slicer = new Slicer();

  /** Links `source` (a folder) to `dest` (which must not exist), file by file. */
  async link(source: string, dest: string): Promise<void> {
    const pending: [string, string][] = [[source, dest]];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const [from, to] = next;
      mkdirSync(to);
      let children: Dirent[];
      try {
        children = readdirSync(from, { withFileTypes: true });
      } catch (error) {
        throw unreadable(from, error);
      }
      for (const child of children) {
        const childFrom = join(from, child.name);
        const childTo = join(to, child.name);
        if (child.isDirectory()) pending.push([childFrom, childTo]);
        else if (child.isFile()) this.linkFile(childFrom, childTo);
        else if (child.isSymbolicLink()) {
          symlinkSync(readlinkSync(childFrom), childTo);
          this.totals.files++;
        }
        await this.slicer.tick();
      }
    }
  }

  /** One file: linked, or copied (a reflink where the filesystem can) when linking is refused. */
  linkFile(from: string, to: string): void {
    let size: number;
    try {
      size = lstatSync(from).size;
    } catch (error) {
      throw unreadable(from, error);
    }
    this.totals.files++;
    this.totals.bytes += size;
    if (!this.crossDevice) {
      try {
        linkSync(from, to);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!LINK_REFUSED.has(code)) throw unreadable(from, error);
        if (code === 'EXDEV') this.crossDevice = true; // the rest will be refused the same way
      }
    }
    try {
      copyFileSync(from, to, constants.COPYFILE_FICLONE);
    } catch (error) {
      throw unreadable(from, error);
    }
    this.totals.copiedBytes += size;
  }
}

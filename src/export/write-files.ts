// The file system edge of export: refuses to replace files it did not write, then writes.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { HdevError } from '../errors.js';
import type { ExportFile } from './files.js';
import { isGenerated } from './files.js';

/** Files that exist and lack the generated-file header: overwriting them could lose work. */
export function foreignFiles(dir: string, files: readonly ExportFile[]): string[] {
  return files
    .map((file) => join(dir, file.path))
    .filter((path) => existsSync(path))
    .filter((path) => statSync(path).isDirectory() || !isGenerated(readFileSync(path, 'utf8')));
}

export function writeExportFiles(dir: string, files: readonly ExportFile[]): void {
  for (const file of files) {
    const path = join(dir, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content, { mode: file.mode });
      chmodSync(path, file.mode); // an existing file keeps its old mode otherwise
    } catch (error) {
      // A file where a folder belongs, no room, no permission: the user picks another place.
      throw new HdevError(`cannot write ${path}: ${(error as Error).message}`, {
        hint: 'Pass a folder you can write to: hdev export FORMAT DIR.',
      });
    }
  }
}

/**
 * Files an earlier export wrote that this one does not (web.3 after scaling to 2): listed, not
 * deleted, because a unit may still be enabled or running, and the directory may be shared.
 */
export function staleGeneratedFiles(dir: string, files: readonly ExportFile[]): string[] {
  const current = new Set(files.map((file) => file.path));
  const found: string[] = [];
  const walk = (folder: string, depth: number): void => {
    if (!existsSync(folder) || depth > 2) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() && !current.has(relative(dir, path)) && isGeneratedFile(path)) {
        found.push(relative(dir, path));
      }
    }
  };
  walk(dir, 0);
  return found.sort();
}

function isGeneratedFile(path: string): boolean {
  try {
    return isGenerated(readFileSync(path, 'utf8').slice(0, 2000));
  } catch {
    return false;
  }
}

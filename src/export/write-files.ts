// The file system edge of export: refuses to replace files it did not write, then writes.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: file.mode });
    chmodSync(path, file.mode); // an existing file keeps its old mode otherwise
  }
}

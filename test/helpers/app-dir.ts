// Temporary app directories made of files given inline; removed after each test.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Creates a temp app dir with the given files (`path → content`); scripts in bin/ are executable. */
export function makeApp(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'hdev-test-'));
  created.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (path.startsWith('bin/')) chmodSync(full, 0o755);
  }
  return root;
}

/** Absolute path of a fixture script in test/fixtures. */
export function fixture(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).pathname;
}

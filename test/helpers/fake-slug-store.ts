// A slug store in memory for release scenarios: slugs are ids and directories, nothing is copied.
import type { Slug, SlugSource, SlugStorePort, StagedSlug } from '../../src/releases/slug-port.js';

export class FakeSlugStore implements SlugStorePort {
  readonly slugs = new Map<string, Slug>();
  readonly staged: SlugSource[] = [];
  readonly pruned: string[] = [];
  #next = 1;
  /** What the next stage reports as changed (default: one file). */
  changedFiles: readonly string[] = ['server.js'];

  /** Makes the next stage fail, as a full disk does. */
  failNextStage: Error | undefined;

  stage(source: SlugSource): Promise<StagedSlug> {
    this.staged.push(source);
    const failure = this.failNextStage;
    this.failNextStage = undefined;
    if (failure !== undefined) return Promise.reject(failure);
    const id = `s${this.#next++}`;
    return Promise.resolve({
      id,
      dir: `/slugs/${id}.staging`,
      changedFiles: this.changedFiles,
      removedFiles: [],
      warnings: [],
    });
  }

  seal(staged: StagedSlug): Promise<Slug> {
    const slug = {
      id: staged.id,
      dir: `/slugs/${staged.id}`,
      sizeBytes: 2048,
      fileCount: 2,
      addedBytes: 2048,
    };
    this.slugs.set(slug.id, slug);
    return Promise.resolve(slug);
  }

  discard(): Promise<void> {
    return Promise.resolve();
  }

  get(id: string): Slug | undefined {
    return this.slugs.get(id);
  }

  prune(keep: ReadonlySet<string>): Promise<string[]> {
    const removed = [...this.slugs.keys()].filter((id) => !keep.has(id));
    for (const id of removed) this.slugs.delete(id);
    this.pruned.push(...removed);
    return Promise.resolve(removed);
  }

  /** What the dynos wrote into each slug after it was sealed. */
  readonly written = new Map<string, string[]>();

  writtenSince(id: string): Promise<string[]> {
    return Promise.resolve(this.written.get(id) ?? []);
  }
}

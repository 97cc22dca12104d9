// What the deployer needs from the slug store (src/slugs/): stage the app's code, let the build
// run in it, seal it into an immutable slug. An interface, so release scenarios run on a fake.

export type SlugSource =
  | { readonly kind: 'working-tree'; readonly root: string }
  | {
      readonly kind: 'commit';
      readonly gitDir: string;
      readonly commit: string;
      /** A pre-receive hook's quarantine variables: the pushed objects are readable only with them. */
      readonly gitEnv?: Readonly<Record<string, string | undefined>>;
    };

export interface StagedSlug {
  readonly id: string;
  /** Where the build runs before the slug is sealed. */
  readonly dir: string;
  /** Source files (slug-relative, `/`-separated) that differ from the previous slug's. */
  readonly changedFiles: readonly string[];
  /** Source files of the previous slug that this one does not have. */
  readonly removedFiles: readonly string[];
  /** For the user: `.slugignore` lines ignored, submodules left out, a previous slug gone. */
  readonly warnings: readonly string[];
}

export interface Slug {
  readonly id: string;
  readonly dir: string;
  readonly sizeBytes: number;
  readonly fileCount: number;
  /** Bytes this slug added on disk: files copied rather than linked. */
  readonly addedBytes: number;
}

export interface SlugStorePort {
  stage(
    source: SlugSource,
    options: { readonly dependenciesFrom?: string; readonly previous?: string },
  ): Promise<StagedSlug>;
  seal(staged: StagedSlug): Promise<Slug>;
  discard(staged: StagedSlug): Promise<void>;
  get(id: string): Slug | undefined;
  prune(keep: ReadonlySet<string>): Promise<string[]>;
  writtenSince(id: string): Promise<string[]>;
}

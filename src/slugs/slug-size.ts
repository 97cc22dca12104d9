// Heroku's slug size limit: 500 MB, measured on the compressed slug (Dev Center: Slug Compiler,
// "Slug size"). hdev does not compress its slugs: it measures the apparent size of the files
// (hard-linked dependencies counted in full), which is larger, so it can only err on the side of
// a warning Heroku would not give.
export const SLUG_SIZE_LIMIT_BYTES = 500 * 1024 * 1024;

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** A warning for a slug above the limit, or undefined. */
export function slugSizeProblem(sizeBytes: number): string | undefined {
  if (sizeBytes <= SLUG_SIZE_LIMIT_BYTES) return undefined;
  return `the slug is ${mib(sizeBytes)}, above Heroku's limit of ${mib(SLUG_SIZE_LIMIT_BYTES)} (Heroku measures the compressed slug, hdev the files' apparent size): leave build-only files out with .slugignore`;
}

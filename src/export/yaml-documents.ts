// YAML output for the container targets, through the `yaml` package (never by hand).
import { stringify } from 'yaml';

/**
 * One or more YAML documents after a `#` header. `lineWidth: 0` never folds long strings, so a
 * value reads in the file as it is; the package quotes or block-styles anything ambiguous.
 * Written for YAML 1.1 readers: docker-compose (PyYAML) and Kubernetes (go-yaml v2) read `no`,
 * `on` or `0755` unquoted as a boolean or a number, so 1.1 quotes them (1.2 readers agree).
 */
export function yamlFile(header: string, documents: readonly unknown[]): string {
  const body = documents
    .map((document) =>
      stringify(document, {
        version: '1.1',
        singleQuote: true,
        lineWidth: 0,
        aliasDuplicateObjects: false,
      }),
    )
    .join('---\n');
  return `${header}${body}`;
}

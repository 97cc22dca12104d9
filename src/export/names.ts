// Each target's rules for names: a Kubernetes object name, a Compose project, a systemd unit.
import { HdevError } from '../errors.js';

/**
 * Kubernetes object names and label values used here are DNS-1123 labels: lowercase letters,
 * digits and `-`, starting and ending with a letter or digit, at most `max` characters.
 */
export function dnsLabel(name: string, max = 63): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return label === '' ? 'app' : label;
}

/** Compose project and service names: lowercase letters, digits, `-` and `_`, a letter or digit first. */
export function composeName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/**
 * systemd unit name prefixes: ASCII letters, digits and `:_.-` (`@` and `\` mean something in a
 * unit name). Also used for supervisord, runit and launchd names, which are laxer.
 */
export function unitName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9:_.-]+/g, '-').replace(/^[-.]+/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/** Two process types that one target's rules turn into the same name cannot both be exported. */
export function assertDistinct(
  names: readonly string[],
  sanitise: (name: string) => string,
  what: string,
): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const clean = sanitise(name);
    const earlier = seen.get(clean);
    if (earlier !== undefined) {
      throw new HdevError(`\`${earlier}\` and \`${name}\` both become \`${clean}\` in ${what}`, {
        hint: 'Rename one of them in the Procfile (or app.json add-ons `as`).',
      });
    }
    seen.set(clean, name);
  }
}

// Each target's rules for names: a Kubernetes object name, a Compose project, a systemd unit.

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

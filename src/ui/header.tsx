// The top line: which app, which release, where the router listens, the formation, and the
// add-on servers with their state.
import { Text } from 'ink';
import { describeFormation } from '../domain/formation.js';
import type { EngineSnapshot } from '../engine/engine-api.js';
import { sanitizeLine } from './sanitize-line.js';

export interface HeaderProps {
  readonly snapshot: EngineSnapshot;
}

export function Header({ snapshot }: HeaderProps) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{sanitizeLine(snapshot.appName)}</Text>
      <Text color="cyan"> v{snapshot.release}</Text>
      {'  '}
      {snapshot.routerUrl === undefined ? (
        <Text dimColor>no router</Text>
      ) : (
        <Text underline>{snapshot.routerUrl}</Text>
      )}
      {'  '}
      <Text>{describeFormation(snapshot.formation)}</Text>
      {snapshot.addons.map((addon) => (
        <Text key={addon.name} color={addon.state === 'up' ? 'green' : 'yellow'}>
          {`  ${sanitizeLine(addon.name)} ${addon.state}`}
        </Text>
      ))}
    </Text>
  );
}

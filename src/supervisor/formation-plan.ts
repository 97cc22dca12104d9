// Which dynos a formation asks for: pure planning for boots (scale up, a release's formation)
// and scale-downs, so the order Heroku's dyno manager follows is testable on its own.
import type { ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import { formationDynoName } from '../domain/dyno-name.js';
import type { Formation } from '../domain/formation.js';
import { preferredPort } from '../domain/ports.js';

export interface PlannedDyno {
  /** `web.2`. */
  readonly name: string;
  readonly type: ProcessType;
  /** The PORT the dyno gets unless something else listens there. */
  readonly preferredPort: number;
}

/** `web.12` → 12. */
export function dynoIndex(name: string): number {
  return Number(name.slice(name.lastIndexOf('.') + 1));
}

/** Process types that run as dynos, in Procfile order: every type but `release`. */
export function dynoTypeNames(types: readonly ProcessType[]): string[] {
  return types.map((type) => type.name).filter((name) => name !== RELEASE_PROCESS_TYPE);
}

/**
 * The dynos `formation` asks for that do not exist yet: type by type in formation order, lowest
 * number first (a scale from web=1 to web=3 boots web.2, then web.3).
 */
export function missingDynos(
  formation: Formation,
  types: readonly ProcessType[],
  existing: ReadonlySet<string>,
  basePort: number,
): PlannedDyno[] {
  const typeNames = dynoTypeNames(types);
  const planned: PlannedDyno[] = [];
  for (const [typeName, quantity] of formation) {
    const type = types.find((candidate) => candidate.name === typeName);
    if (type === undefined || type.name === RELEASE_PROCESS_TYPE) continue;
    const typeIndex = Math.max(0, typeNames.indexOf(typeName));
    for (let index = 1; index <= quantity; index++) {
      const name = formationDynoName(typeName, index);
      if (existing.has(name)) continue;
      planned.push({ name, type, preferredPort: preferredPort(basePort, typeIndex, index) });
    }
  }
  return planned;
}

/** Dynos beyond their type's quantity, highest number first, the order Heroku stops them in. */
export function surplusDynos<
  T extends { readonly name: string; readonly spec: { readonly type: string } },
>(dynos: readonly T[], formation: Formation): T[] {
  return dynos
    .filter((dyno) => dynoIndex(dyno.name) > (formation.get(dyno.spec.type) ?? 0))
    .sort((a, b) => dynoIndex(b.name) - dynoIndex(a.name));
}

/**
 * The formation for a release's types: each type keeps its quantity, a type new to the Procfile
 * gets `newTypeQuantity` (Heroku starts it at 0), and types gone from it leave the formation.
 */
export function formationForTypes(
  formation: Formation,
  types: readonly ProcessType[],
  newTypeQuantity: number,
): Formation {
  return new Map(
    dynoTypeNames(types).map((name) => [name, formation.get(name) ?? newTypeQuantity] as const),
  );
}

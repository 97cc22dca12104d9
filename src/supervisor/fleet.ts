// Every dyno the supervisor owns at a moment: the formation's dynos by name, the dynos of a
// rollout in passing, and the one-off tasks (release phase, build) running now.
import { HdevError } from '../errors.js';
import type { Dyno } from './dyno.js';

export class Fleet {
  /** The formation's dynos, by name (`web.1`). */
  readonly #formation = new Map<string, Dyno>();
  /** Dynos of a rollout not yet in the formation (new ones booting) or out of it (old ones stopping). */
  readonly #transient = new Set<Dyno>();
  /** One-off tasks running now: a release phase (`release.N`), a build, postdeploy. */
  readonly #tasks = new Set<Dyno>();

  formationDynos(): Dyno[] {
    return [...this.#formation.values()];
  }

  /** The names taken in the formation. */
  names(): Set<string> {
    return new Set(this.#formation.keys());
  }

  /** Puts `dyno` in the formation under its name, in place of any dyno there. */
  place(dyno: Dyno): void {
    this.#formation.set(dyno.name, dyno);
  }

  /** Takes the dyno named `name` out of the formation. */
  remove(name: string): void {
    this.#formation.delete(name);
  }

  /** Counts `dyno` among the fleet while a rollout boots or stops it. */
  addTransient(dyno: Dyno): void {
    this.#transient.add(dyno);
  }

  removeTransient(dyno: Dyno): void {
    this.#transient.delete(dyno);
  }

  addTask(dyno: Dyno): void {
    this.#tasks.add(dyno);
  }

  removeTask(dyno: Dyno): void {
    this.#tasks.delete(dyno);
  }

  /** Tasks first, then the formation, then a rollout's dynos in passing. */
  all(): Dyno[] {
    return [...this.#tasks, ...this.#formation.values(), ...this.#transient];
  }

  /** Ports held by any dyno: a new dyno never gets one of them. */
  portsInUse(): Set<number> {
    return new Set(this.all().map((dyno) => dyno.spec.port));
  }

  /** Every formation dyno (none given), the dynos of a type, or one dyno by name. */
  select(target: string | undefined, dynoTypes: readonly string[]): Dyno[] {
    const all = this.formationDynos();
    if (target === undefined) return all;
    const named = this.#formation.get(target);
    if (named !== undefined) return [named];
    const ofType = all.filter((dyno) => dyno.spec.type === target);
    if (ofType.length > 0) return ofType;
    if (dynoTypes.includes(target))
      throw new HdevError(`no ${target} dynos are running`, {
        hint: `Scale it up first: hdev scale ${target}=1`,
      });
    throw new HdevError(`no dyno or process type named \`${target}\``, {
      hint: `Dynos: ${all.map((dyno) => dyno.name).join(', ') || 'none'}. Process types: ${dynoTypes.join(', ')}.`,
    });
  }
}

// Putting a new release live on running dynos, as Heroku's dyno manager does after a deploy or a
// config change: web dynos behind the router are replaced without downtime (preboot: the new
// ones boot on new ports, the old ones are drained and stopped once the new ones are up); other
// dynos restart; dynos of types gone from the Procfile stop.
//
// With preboot, a new web dyno that crashes or misses the boot timeout while its old one is up
// fails the rollout: the new dynos are stopped and the previous release keeps serving. Heroku's
// preboot switches traffic after its boot window regardless; hdev keeps the old code answering
// rather than route requests to a crashing one.
import { WEB_TYPE } from '../domain/dyno-name.js';
import type { Dyno } from './dyno.js';
import type { DynoPorts } from './dyno-ports.js';
import type { Fleet } from './fleet.js';

/** A rollout either put the release live or left the previous one running, and says why. */
export type RolloutResult =
  { readonly ok: true } | { readonly ok: false; readonly failure: string };

export interface RolloutContext {
  readonly fleet: Fleet;
  readonly ports: Pick<DynoPorts, 'allocate'>;
  readonly bootTimeoutMs: number;
  /** Runs before a dyno is stopped on purpose: the router drains it first. */
  readonly beforeStop: (dyno: Dyno) => Promise<void>;
  /** A dyno of the release going live with `old`'s name and type, on `port`; not booted yet. */
  readonly successor: (old: Dyno, port: number) => Dyno;
  readonly shuttingDown: () => boolean;
  /** Told when a dyno has left the formation for good. */
  readonly removed: (dyno: Dyno) => void;
}

/** What a rollout does to each running dyno. */
export interface RolloutPlan {
  /** Web dynos replaced with preboot: the new one boots beside the old one. */
  readonly prebooted: readonly Dyno[];
  /** Dynos restarted on the new release (`Restarting`, SIGTERM, then the new command). */
  readonly restarted: readonly Dyno[];
  /** Dynos whose type left the Procfile: stopped and removed. */
  readonly gone: readonly Dyno[];
}

interface PrebootResult {
  readonly old: Dyno;
  readonly next: Dyno;
  /** Why the new dyno cannot take over (`web.1 crashed during boot`). */
  readonly failure?: string;
}

export function planRollout(
  current: readonly Dyno[],
  staysInProcfile: (type: string) => boolean,
  preboot: boolean,
): RolloutPlan {
  const keep = current.filter((dyno) => staysInProcfile(dyno.spec.type));
  // Heroku's preboot applies to web dynos, the only ones the router sends requests to.
  const prebooted = keep.filter((dyno) => preboot && dyno.spec.type === WEB_TYPE);
  return {
    prebooted,
    restarted: keep.filter((dyno) => !prebooted.includes(dyno)),
    gone: current.filter((dyno) => !keep.includes(dyno)),
  };
}

export async function rollOut(context: RolloutContext, plan: RolloutPlan): Promise<RolloutResult> {
  // All new ports at once: chosen one by one, two web dynos would both pick the same one.
  const ports =
    plan.prebooted.length === 0
      ? []
      : await context.ports.allocate(
          plan.prebooted.map((dyno) => dyno.spec.port + 1),
          context.fleet.portsInUse(),
        );
  const booted = await Promise.all(
    plan.prebooted.map((dyno, index) =>
      bootBeside(context, dyno, ports[index] ?? dyno.spec.port + 1),
    ),
  );
  const failure = booted.find((boot) => boot.failure !== undefined)?.failure;
  if (failure !== undefined) {
    await Promise.all(booted.map((boot) => discard(context, boot.next)));
    return { ok: false, failure };
  }
  await Promise.all([
    ...plan.gone.map((dyno) => retire(context, dyno)),
    ...booted.map((boot) => switchTo(context, boot.old, boot.next)),
    ...plan.restarted.map((dyno) => replace(context, dyno)),
  ]);
  return { ok: true };
}

/** A dyno leaves the formation (scaled down, or its type is gone): drained, stopped, removed. */
export async function retire(
  context: Pick<RolloutContext, 'fleet' | 'beforeStop' | 'removed'>,
  dyno: Dyno,
): Promise<void> {
  await context.beforeStop(dyno);
  await dyno.stop();
  context.fleet.remove(dyno.name);
  context.removed(dyno);
}

/** Restart on the new release: `Restarting`, SIGTERM, then the new command and config. */
async function replace(context: RolloutContext, old: Dyno): Promise<void> {
  old.announceRestart();
  context.fleet.addTransient(old);
  context.fleet.remove(old.name);
  await context.beforeStop(old);
  await old.stop();
  context.fleet.removeTransient(old);
  if (context.shuttingDown()) return;
  const next = context.successor(old, old.spec.port);
  context.fleet.place(next);
  next.boot();
}

/**
 * Preboot, first half: the new dyno boots beside the old one. A failure is reported only when
 * the old dyno is up: replacing a crashed dyno with a crashing one loses nothing.
 */
async function bootBeside(
  context: RolloutContext,
  old: Dyno,
  port: number,
): Promise<PrebootResult> {
  const next = context.successor(old, port);
  context.fleet.addTransient(next);
  next.boot();
  const state = await next.settled(context.bootTimeoutMs);
  if (state === 'up' || old.state !== 'up') return { old, next };
  const failure =
    state === 'starting'
      ? `${next.name} did not bind $PORT within ${context.bootTimeoutMs / 1000} seconds of launch (R10)`
      : `${next.name} crashed during boot`;
  return { old, next, failure };
}

/** A new dyno of a failed rollout: stopped and forgotten. */
async function discard(context: RolloutContext, next: Dyno): Promise<void> {
  await next.stop();
  context.fleet.removeTransient(next);
}

/** Preboot, second half: the new dyno takes the name, the old one is drained and stopped. */
async function switchTo(context: RolloutContext, old: Dyno, next: Dyno): Promise<void> {
  context.fleet.removeTransient(next);
  context.fleet.place(next);
  context.fleet.addTransient(old);
  await context.beforeStop(old);
  await old.stop();
  context.fleet.removeTransient(old);
}

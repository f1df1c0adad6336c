// Plan and apply a topology against whatever the clients point at (emulators or a GCP project):
// read what exists, plan the difference, then run the changes in order, stopping at the first error.
import type { TopologyClients } from './clients.ts';
import { desiredResources } from './desired.ts';
import { planChanges } from './plan.ts';
import { applyPubsubChange, readPubsub } from './pubsub-side.ts';
import type { Change, Resource } from './resources.ts';
import { applySchedulerChange, readScheduler } from './scheduler-side.ts';
import type { TopologyFile } from './schema.ts';
import { applyStorageChange, readStorage } from './storage-side.ts';
import { applyTasksChange, readTasks } from './tasks-side.ts';

export class ApplyError extends Error {
  override readonly name = 'ApplyError';
  constructor(
    readonly change: Change,
    /** Changes carried out before this one failed. */
    readonly done: Change[],
    cause: unknown,
  ) {
    const symbol = change.action === 'replace' ? 'replace' : change.action;
    super(`could not ${symbol} ${change.kind} ${change.name}: ${(cause as Error)?.message ?? cause}`, {
      cause,
    });
  }
}

/** Everything that exists, for the kinds the clients were opened for. */
export async function readActual(clients: TopologyClients): Promise<Resource[]> {
  const { kinds, project } = clients;
  const actual: Resource[] = [];
  if (clients.pubsub) actual.push(...(await readPubsub(clients.pubsub, project)));
  if (clients.storage) actual.push(...(await readStorage(clients.storage, project)));
  if (clients.scheduler)
    actual.push(...(await readScheduler(clients.scheduler, clients.schedulerParent, project)));
  if (clients.tasks) actual.push(...(await readTasks(clients.tasks, clients.schedulerParent)));
  return actual.filter((r) => kinds.includes(r.kind));
}

export async function planTopology(
  file: TopologyFile,
  clients: TopologyClients,
  options: { prune?: boolean } = {},
): Promise<Change[]> {
  return planChanges(desiredResources(file, clients.project), await readActual(clients), options);
}

/** Runs every change that is not `unchanged`; `onApplied` sees each one as it completes. */
export async function applyChanges(
  clients: TopologyClients,
  changes: Change[],
  onApplied: (change: Change) => void = () => {},
): Promise<Change[]> {
  const done: Change[] = [];
  for (const change of changes.filter((c) => c.action !== 'unchanged')) {
    try {
      if (change.kind === 'topic' || change.kind === 'subscription')
        await applyPubsubChange(clients.pubsub!, change);
      else if (change.kind === 'job')
        await applySchedulerChange(clients.scheduler!, clients.schedulerParent, change);
      else if (change.kind === 'queue')
        await applyTasksChange(clients.tasks!, clients.schedulerParent, change);
      else await applyStorageChange(clients.storage!, change);
    } catch (err) {
      throw new ApplyError(change, done, err);
    }
    done.push(change);
    onApplied(change);
  }
  return done;
}

// Applies a devkit.yaml to the env's target with every name suffixed (a test file's own copy),
// through the same plan/apply path as `devkit apply`.
import type { DevkitConfig } from '../config/index.ts';
import {
  applyChanges,
  desiredResources,
  kindsFor,
  loadTopologyFile,
  openTopologyClients,
  planChanges,
  readActual,
} from '../topology/index.ts';
import { suffixTopology } from './suffix-topology.ts';

export async function applyTopology(file: string, suffix: string, config: DevkitConfig): Promise<void> {
  const topology = suffixTopology(await loadTopologyFile(file), suffix);
  const clients = openTopologyClients(config, kindsFor(topology, false));
  try {
    const desired = desiredResources(topology, config.project);
    const changes = planChanges(desired, await readActual(clients), { prune: false });
    await applyChanges(clients, changes);
  } finally {
    await clients.close();
  }
}

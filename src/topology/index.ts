// Public surface of the topology module: devkit.yaml → plan → apply, through the official clients.
export { ApplyError, applyChanges, planTopology, readActual } from './apply.ts';
export { kindsFor, openTopologyClients, quietLocal, servicesFor, type TopologyClients } from './clients.ts';
export { desiredResources } from './desired.ts';
export { formatDuration, parseDuration } from './duration.ts';
export { type FunctionEntry, functionSchema } from './function-schema.ts';
export { loadTopologyFile, parseTopology, TopologyFileError, type TopologyProblem } from './load-file.ts';
export { PROBE_PREFIX } from './names.ts';
export { differingFields, planChanges, unmanaged } from './plan.ts';
export { chooseProject, type ProjectChoice } from './project.ts';
export { hasChanges, type PlanSummary, renderPlan, summarize } from './render-plan.ts';
export {
  ACTION_SYMBOL,
  type Action,
  type Change,
  KIND_ORDER,
  type Kind,
  type Resource,
} from './resources.ts';
export { type TopologyFile, topologySchema } from './schema.ts';

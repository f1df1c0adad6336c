// Public surface of the scenario runner: define scenarios, run them, report.
export type { FaultReport, FaultService, ScenarioContext } from './context.ts';
export {
  type BuiltInScenarios,
  baseDirOf,
  loadBuiltInScenarios,
  loadScenarioFiles,
  projectScenarioFiles,
} from './load.ts';
export type { ScenarioOptions } from './options.ts';
export { progressCounts } from './progress.ts';
export { renderReport, renderTimelineSvg } from './report-html.ts';
export { type RunOptions, runScenario, skipReason } from './runner.ts';
export { formatSummary } from './summary.ts';
export { Timeline, type TimelineEvent, type TimelineEventType } from './timeline.ts';
export {
  defineScenario,
  type InvariantDefinition,
  type InvariantResult,
  needsDevkitStorage,
  type ScenarioDefinition,
  type ScenarioResult,
  ScenarioSkipped,
} from './types.ts';
export { type WorkerSettings, workerEnv, workerSettingsFromEnv } from './worker-env.ts';
export { WorkerPool, type WorkerProgram } from './worker-pool.ts';

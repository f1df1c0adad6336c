// `gcp-devkit/scenario`: everything a team's own scenario file uses — defineScenario and the
// runner's types, the reference pipeline (its own worker or `devkit worker`), the workload and
// process faults (duplicates, crashes, naive workers), the emulator fault rules, and the
// exactly-once invariants the built-in scenarios check.
export {
  FAULT_KINDS,
  type FaultEvent,
  type FaultRule,
  type FaultRuleInput,
  seededRandom,
} from '../../emulators/faults/index.ts';
export * from '../../src/scenario/index.ts';
export { crashOneMidUnit, unfinishedBy } from './crash.ts';
export {
  eachOutputWrittenOnce,
  everyFileProcessed,
  everyUnitAnnouncedComplete,
  exactlyOnceInvariants,
  noClaimLeft,
  pipelineOf,
  workersDrainedCleanly,
} from './invariants.ts';
export { startNaiveWorkers } from './naive.ts';
export {
  type CustomWorker,
  finish,
  type Pipeline,
  type PipelineOptions,
  REPLACEMENT,
  setUpPipeline,
  TOKEN,
  uploadWorkFiles,
  waitForCompletions,
} from './pipeline.ts';
export { notificationAttributes, republishNotifications, shuffle } from './workload.ts';

// Public surface of the workflow library: claim-and-process workers, the auditor, handlers.

export { type Announcer, createAnnouncer } from './announcer.ts';
export { type AuditCounts, createAuditLedger } from './audit-ledger.ts';
export { type Auditor, type AuditorOptions, type AuditReport, createAuditor } from './auditor.ts';
export {
  AlreadyDoneError,
  type ClaimCode,
  ClaimError,
  ClaimHeldError,
  claimError,
  LeaseLostError,
} from './claim-errors.ts';
export { type ClaimStore, createClaimStore, type Lease } from './claim-store.ts';
export { abortableSleep, type UnitContext, type UnitHandler, withDelay } from './handler.ts';
export { createHandlerRegistry, type HandlerRegistry, type Route } from './handler-registry.ts';
export { type WorkflowKeys, workflowKeys } from './keys.ts';
export { type Outcome, processMessage } from './process-message.ts';
export { outputName, type ReplaceTokensOptions, replaceTokens } from './replace-tokens.ts';
export { createWorkflowRuntime, type RuntimeOptions, type WorkflowRuntime } from './runtime.ts';
export {
  provisionReferenceTopology,
  type ReferenceNames,
  referenceNames,
  type TopologyOptions,
} from './topology.ts';
export { announcementAttributes, InvalidUnitError, unitFromMessage, unitKey, type WorkUnit } from './unit.ts';
export { createWorker, type Worker, type WorkerOptions, type WorkerStats } from './worker.ts';

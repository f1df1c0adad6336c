// What processing one delivery needs, handed in by the worker (no globals), and its outcomes.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Logger } from '../../emulators/common/index.ts';
import type { Announcer } from './announcer.ts';
import type { ClaimStore } from './claim-store.ts';
import type { HandlerRegistry } from './handler-registry.ts';
import type { RetryOptions } from './redis-retry.ts';

export interface ProcessDeps {
  workerId: string;
  registry: HandlerRegistry;
  store: ClaimStore;
  announcer: Announcer;
  storage: Storage;
  pubsub: PubSub;
  logger: Logger;
  leaseMs: number;
  doneTtlMs: number;
  ackDeadlineSeconds: number;
  /** Aborts when the worker drains (stop taking units) ... */
  draining: AbortSignal;
  /** ... and when it stops waiting for in-flight units (drain timeout). */
  stopping: AbortSignal;
  /** Delay before a nack after a failure, by delivery attempt. */
  nackBackoffMs(attempt: number): number;
}

export type Outcome =
  | 'completed'
  | 'duplicate'
  | 'ignored'
  | 'invalid'
  | 'failed'
  | 'lease-lost'
  | 'returned';

/** Retry options for one Redis step of a unit, logged with the unit's logger. */
export type RetryFor = (step: string, signal?: AbortSignal) => RetryOptions;

// What a worker is configured with (clients passed in, no globals) and what it offers.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import type { Logger } from '../../emulators/common/index.ts';
import type { UnitHandler } from './handler.ts';
import type { HandlerRegistry } from './handler-registry.ts';
import type { WorkflowKeys } from './keys.ts';
import type { Outcome } from './process-deps.ts';

export interface WorkerOptions {
  pubsub: PubSub;
  storage: Storage;
  redis: Redis;
  keys: WorkflowKeys;
  logger: Logger;
  /** Subscription to pull (the work bucket's notifications). */
  subscription: string;
  /** Routes by attribute; or give `handler` for a worker that handles every message. */
  registry?: HandlerRegistry;
  handler?: UnitHandler;
  topics: { processing: string; complete: string };
  workerId?: string;
  /** Units in flight at once. Default 4. */
  concurrency?: number;
  /** Redis lease, extended by the heartbeat every leaseMs/3. Default 30 s. */
  leaseMs?: number;
  /** How long `done` markers answer duplicates. Default 7 days. */
  doneTtlMs?: number;
  /** Ack deadline requested while working, seconds. Default 10..600 from leaseMs. */
  ackDeadlineSeconds?: number;
  /** How long stop() lets in-flight units finish before releasing them. Default 20 s. */
  drainTimeoutMs?: number;
  /** Delay before a nack after a failure. Default 200 ms doubling per attempt, capped at 5 s. */
  nackBackoffMs?: (attempt: number) => number;
}

export type WorkerStats = Record<Outcome, number> & { inFlight: number };

export interface Worker {
  readonly workerId: string;
  /** Opens the subscription; messages flow until stop(). */
  start(): void;
  /** Stops taking units, lets in-flight ones finish (or releases them after the drain timeout). */
  stop(): Promise<void>;
  /** Rejects when the subscription fails for good (e.g. NOT_FOUND, no credentials). */
  readonly failed: Promise<never>;
  stats(): WorkerStats;
  [Symbol.asyncDispose](): Promise<void>;
}

// What a scenario's hooks get: the running stack, official clients, worker processes, a seeded
// random source, a timeline and metrics. One context per scenario run, nothing shared between runs.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import type { FaultEvent, FaultRule, FaultRuleInput, Random } from '../../emulators/faults/index.ts';
import type { DevkitConfig } from '../config/index.ts';
import type { StartedStack } from '../stack/index.ts';
import type { ScenarioOptions } from './options.ts';
import type { Timeline } from './timeline.ts';
import type { WorkerPool, WorkerProgram } from './worker-pool.ts';

export type FaultService = 'pubsub' | 'storage' | 'scheduler';

export interface FaultReport {
  seed: number;
  rules: Array<FaultRule & { seen: number; hits: number }>;
  /** The last 100 injected faults, `at` in epoch milliseconds. */
  events: FaultEvent[];
}

export interface ScenarioContext {
  readonly name: string;
  readonly options: ScenarioOptions;
  /** Seeded: the same --seed makes the same choices. */
  readonly random: Random;
  /** Unique per run: prefix for Redis keys and resource names. */
  readonly prefix: string;
  readonly stack: StartedStack;
  /** The env a worker process needs (emulator hosts, REDIS_URL, project). */
  readonly env: Record<string, string>;
  readonly config: DevkitConfig;
  readonly pubsub: PubSub;
  readonly storage: Storage;
  readonly redis: Redis;
  readonly timeline: Timeline;
  /**
   * A pool of worker processes with the run's env: `devkit <args>` by default, or
   * `node <nodeArgs> <script> <args>` for a worker of the scenario's own.
   */
  workerPool(args: (id: string) => string[], program?: WorkerProgram): WorkerPool;
  /** Numbers reported in --json and the HTML report. */
  readonly metrics: Record<string, number>;
  /** Free-form state a scenario's run hook leaves for its invariants. */
  readonly state: Record<string, unknown>;
  /** Arms fault rules in a running emulator through its admin endpoint. */
  armFaults(service: FaultService, rules: FaultRuleInput[]): Promise<void>;
  /** What an emulator's injector reports (GET on its admin endpoint): rules with hits, the last hits. */
  faultReport(service: FaultService): Promise<FaultReport>;
  /** Polls `check` every 100 ms; throws with `label` when `timeoutMs` passes first. */
  waitFor(label: string, check: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  /**
   * Runs `fn` at teardown, after the workers stop, whether the run passed, failed or was skipped
   * (e.g. an auditor that `finish` would have stopped).
   */
  onTeardown(fn: () => Promise<unknown> | unknown): void;
  /** A line in the timeline's `scenario` lane (and the progress output). */
  note(message: string): void;
}

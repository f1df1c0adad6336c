// Starts the Cloud Tasks emulator: gRPC google.cloud.tasks.v2, its REST mapping, the admin clock
// and fault endpoints on one port; tasks dispatched for real on an injectable clock.
import * as grpc from '@grpc/grpc-js';
import {
  type Clock,
  createGuardedInjector,
  createLogger,
  type Logger,
  makeHandle,
  type StartedServer,
} from '../common/index.ts';
import { startPortMux } from '../common/port-mux.ts';
import { FaultInjector } from '../faults/index.ts';
import { type IdentityIssuer, issuerOrOwn } from '../identity/index.ts';
import { offsetClock } from '../scheduler/index.ts';
import { addTasksService } from './grpc/grpc-server.ts';
import { createHttpServer } from './http/http-server.ts';
import { loadState, saveState } from './persist.ts';
import { ClockMover } from './run/clock-mover.ts';
import type { TaskOutcome } from './run/dispatcher.ts';
import { TasksService } from './run/tasks-service.ts';
import type { Task } from './state/task-model.ts';
import { type AppEngineRoutes, createSender } from './targets/executor.ts';

export interface TasksEmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: string;
  /** Default project for tooling; queues carry their own project in their names. */
  project?: string;
  /** Defaults to a wall clock that `advance` can move forward. */
  clock?: Clock;
  logger?: Logger;
  /** Keep queues and tasks in `<dataDir>/tasks.json` across restarts; memory only when unset. */
  dataDir?: string;
  /** Mints oidcToken/oauthToken Authorization headers; the emulator makes its own when unset. */
  identity?: IdentityIssuer;
  /** Where App Engine tasks go: a default base URL and one per `service` or `version.service`. */
  appEngine?: AppEngineRoutes;
  /** Fault rules to consult; a fresh injector (armed through `/_devkit/faults`) when unset. */
  faults?: FaultInjector;
  faultSeed?: number;
}

export interface TaskEvent {
  task: Task;
  outcome: TaskOutcome;
}

export interface StartedTasksEmulator extends StartedServer {
  readonly project: string;
  readonly faults: FaultInjector;
  now(): number;
  /** Moves the clock forward, dispatching every due task, retry and deadline in time order. */
  advance(ms: number): Promise<void>;
  advanceTo(atMs: number): Promise<void>;
  /** Waits (up to `maxWaitMs` real time) for dispatches in flight to finish. */
  settle(maxWaitMs?: number): Promise<void>;
  /** Listens for tasks leaving their queues (done, or out of retries); returns an unsubscribe. */
  onTaskDone(listener: (event: TaskEvent) => void): () => void;
}

export async function startTasksEmulator(options: TasksEmulatorOptions = {}): Promise<StartedTasksEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? createLogger()).child({ emulator: 'tasks' });
  const ownClock = options.clock ? undefined : offsetClock();
  const clock = options.clock ?? (ownClock as Clock);
  const faults = options.faults ?? new FaultInjector(options.faultSeed ?? 1, [], () => clock.now());
  const identity = await issuerOrOwn(options.identity, options.dataDir);
  const listeners = new Set<(event: TaskEvent) => void>();
  let saveTimer: NodeJS.Timeout | undefined;
  const dataDir = options.dataDir;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (dataDir) saveState(dataDir, service);
  };
  const sender = createSender({
    queueOf: (name) => service.queues.find(name),
    identity,
    appEngine: options.appEngine,
    faults,
  });
  const service: TasksService = new TasksService(clock, sender.send, logger, {
    // API changes are written before the reply; attempt results are batched (100 ms).
    changed: (immediate) => {
      if (!dataDir) return;
      if (immediate) save();
      else saveTimer ??= setTimeout(save, 100);
    },
    outcome: (task, outcome) => {
      for (const l of listeners) l({ task, outcome });
    },
  });
  if (dataDir) loadState(dataDir, service, clock.now());
  service.startAll();

  const mover = new ClockMover(clock, service.dispatcher);
  const control = {
    now: () => clock.now(),
    advanceTo: (atMs: number) => mover.advanceTo(atMs),
    advance: (ms: number) => mover.advanceTo(clock.now() + ms),
  };
  const grpcServer = new grpc.Server();
  addTasksService(grpcServer, service, logger, faults);
  const injector = createGuardedInjector(grpcServer, grpc.ServerCredentials.createInsecure(), { logger });
  const http = createHttpServer({
    service,
    clock: control,
    logger,
    faults,
    guard: { bindHost: host },
    identity,
  });
  const mux = await startPortMux(host, options.port ?? 0, { grpc: injector, http });
  logger.info('tasks emulator listening', { host, port: mux.port });

  const stop = async () => {
    service.dispatcher.stop();
    ownClock?.close();
    save();
    await mux.close();
    http.closeAllConnections();
    injector.destroy();
    grpcServer.forceShutdown();
    sender.close();
  };
  return makeHandle(host, mux.port, stop, {
    project: options.project ?? process.env.GOOGLE_CLOUD_PROJECT ?? 'devkit-local',
    faults,
    ...control,
    settle: (maxWaitMs?: number) => service.dispatcher.settle(maxWaitMs),
    onTaskDone: (listener: (event: TaskEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}

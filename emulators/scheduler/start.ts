// Starts the Cloud Scheduler stand-in: gRPC google.cloud.scheduler.v1, its REST mapping and the
// admin clock endpoint on one port, jobs fired on an injectable clock, targets delivered for real.
import type { protos } from '@google-cloud/scheduler';
import * as grpc from '@grpc/grpc-js';
import {
  type Clock,
  createGuardedInjector,
  createLogger,
  invalidArgument,
  type Logger,
  makeHandle,
  type StartedServer,
} from '../common/index.ts';
import { startPortMux } from '../common/port-mux.ts';
import { type IdentityIssuer, issuerOrOwn } from '../identity/index.ts';
import { jobFromProto } from './grpc/grpc-codec.ts';
import { addSchedulerService } from './grpc/grpc-server.ts';
import { createHttpServer } from './http/http-server.ts';
import { type AdvanceResult, ClockMover } from './run/clock-advance.ts';
import { offsetClock } from './run/offset-clock.ts';
import { SchedulerService } from './run/scheduler-service.ts';
import { parentOf } from './state/names.ts';
import { createExecutor } from './targets/executor.ts';

export interface SchedulerEmulatorOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Default project for tooling; jobs carry their own project in their names. */
  project?: string;
  /** host:port of the Pub/Sub emulator; defaults to PUBSUB_EMULATOR_HOST. */
  pubsubHost?: string;
  /** Defaults to a wall clock that `advance` can move forward. */
  clock?: Clock;
  logger?: Logger;
  /** Where App Engine HTTP targets go (default http://127.0.0.1:8080). */
  appEngineBaseUrl?: string;
  /** Keep jobs in `<dataDir>/jobs.json` across restarts; memory only when unset. */
  dataDir?: string;
  /** Real-time bound on one Pub/Sub publish; past it the attempt fails UNAVAILABLE (default 10 s). */
  publishTimeoutMs?: number;
  /**
   * Jobs created at start, shaped as for the client's CreateJob (durations as {seconds}, bytes as
   * Buffers); each needs a full `projects/P/locations/L/jobs/J` name.
   */
  jobs?: protos.google.cloud.scheduler.v1.IJob[];
  /** Mints HTTP targets' OIDC/OAuth tokens and is served on this port's /oauth2/* paths; its own when unset. */
  identity?: IdentityIssuer;
}

export interface StartedSchedulerEmulator extends StartedServer {
  readonly project: string;
  /** Current emulator time (ms since the epoch). */
  now(): number;
  /** Moves the clock forward, firing every due job, retry and deadline in time order. */
  advance(ms: number): Promise<AdvanceResult>;
  /** At most MAX_ADVANCE_MS (366 days) ahead; runs past the firing budget are coalesced. */
  advanceTo(atMs: number): Promise<AdvanceResult>;
  /** Waits (up to `maxWaitMs` real time) for deliveries in flight to finish. */
  settle(maxWaitMs?: number): Promise<void>;
}

export async function startSchedulerEmulator(
  options: SchedulerEmulatorOptions = {},
): Promise<StartedSchedulerEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? createLogger()).child({ emulator: 'scheduler' });
  const ownClock = options.clock ? undefined : offsetClock();
  const clock = options.clock ?? (ownClock as Clock);
  const identity = issuerOrOwn(options.identity, options.dataDir);
  const targets = createExecutor({
    pubsubHost: options.pubsubHost ?? process.env.PUBSUB_EMULATOR_HOST,
    appEngineBaseUrl: options.appEngineBaseUrl,
    publishTimeoutMs: options.publishTimeoutMs,
    identity,
  });
  const service = new SchedulerService(clock, targets.execute, logger, options.dataDir);
  service.restore();
  for (const declared of options.jobs ?? []) {
    if (!declared.name) throw invalidArgument('a declared job needs a full name');
    if (service.store.find(declared.name)) continue; // restored from the data directory
    service.createJob(parentOf(declared.name), jobFromProto(declared));
  }

  // Bounded per call (run/clock-advance.ts): a long jump coalesces the runs past its firing budget.
  const mover = new ClockMover(clock, service);
  const advanceTo = (atMs: number) => mover.advanceTo(atMs);
  const control = { now: () => clock.now(), advance: (ms: number) => advanceTo(clock.now() + ms), advanceTo };

  const grpcServer = new grpc.Server();
  addSchedulerService(grpcServer, service, logger);
  // Fed by the port mux (no loopback gRPC port of its own), guarded against hostile frames.
  const injector = createGuardedInjector(grpcServer, grpc.ServerCredentials.createInsecure(), { logger });
  const http = createHttpServer(service, control, logger, { bindHost: host }, identity);
  const mux = await startPortMux(host, options.port ?? 0, { grpc: injector, http });
  logger.info('scheduler emulator listening', { host, port: mux.port });

  const stop = async () => {
    service.stop();
    ownClock?.close();
    await mux.close();
    http.closeAllConnections();
    injector.destroy();
    grpcServer.forceShutdown();
    await targets.close();
  };
  return makeHandle(host, mux.port, stop, {
    project: options.project ?? process.env.GOOGLE_CLOUD_PROJECT ?? 'devkit-local',
    ...control,
    settle: (maxWaitMs?: number) => service.settle(maxWaitMs),
  });
}

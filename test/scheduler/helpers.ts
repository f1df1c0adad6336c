// Shared test plumbing: an emulator on a manual clock, an official client pointed at it, unique
// job names per test, and small local HTTP targets that record what they receive.
import { randomUUID } from 'node:crypto';
import { CloudSchedulerClient } from '@google-cloud/scheduler';
import * as grpc from '@grpc/grpc-js';
import { type ManualClock, manualClock } from '../../emulators/common/index.ts';
import {
  type SchedulerEmulatorOptions,
  type StartedSchedulerEmulator,
  startSchedulerEmulator,
} from '../../emulators/scheduler/index.ts';
import { type RecordingTarget, startRecordingTarget } from '../helpers/recording-target.ts';

export const PROJECT = 'sched-test';
export const LOCATION = 'us-central1';
export const PARENT = `projects/${PROJECT}/locations/${LOCATION}`;

export const jobName = (prefix = 'job') => `${PARENT}/jobs/${prefix}-${randomUUID().slice(0, 8)}`;

export interface SchedulerFixture {
  emulator: StartedSchedulerEmulator;
  clock: ManualClock;
  client: CloudSchedulerClient;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * An emulator on a manual clock (default 2026-01-01T00:00Z) plus a client; dispose stops both.
 * `realTime` leaves the emulator on its default wall clock (the fixture's `clock` is then unused).
 */
export async function startFixture(
  options: SchedulerEmulatorOptions & { start?: string; realTime?: boolean } = {},
): Promise<SchedulerFixture> {
  const clock = manualClock(Date.parse(options.start ?? '2026-01-01T00:00:00Z'));
  const emulator = await startSchedulerEmulator(options.realTime ? options : { clock, ...options });
  const client = schedulerClient(emulator.address);
  return {
    emulator,
    clock,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await emulator.stop();
    },
  };
}

export function schedulerClient(address: string): CloudSchedulerClient {
  const i = address.lastIndexOf(':');
  return new CloudSchedulerClient({
    apiEndpoint: address.slice(0, i),
    port: Number(address.slice(i + 1)),
    sslCreds: grpc.credentials.createInsecure(),
    // An explicit universe domain skips gax's metadata-server probe.
    universeDomain: 'googleapis.com',
  });
}

export type { Received, RecordingTarget } from '../helpers/recording-target.ts';

/**
 * A local HTTP target. `respond` picks the status per request (counted from 1; default 200);
 * `now` stamps each request (the emulator's clock in clock-driven tests).
 */
export function recordingTarget(
  respond: (n: number) => number | 'hang' = () => 200,
  now: () => number = Date.now,
): Promise<RecordingTarget> {
  return startRecordingTarget({ respond: (n) => respond(n + 1), now });
}

/** Seconds of a protobuf Timestamp/Duration as a number of ms (undefined when unset). */
export function ms(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number | undefined {
  if (!t) return undefined;
  return Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6);
}

export const iso = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => {
  const v = ms(t);
  return v === undefined ? undefined : new Date(v).toISOString();
};

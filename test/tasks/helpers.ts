// Shared test plumbing: a Tasks emulator on a manual clock, the official client over gRPC or its
// REST fallback, unique queue names per test, and local HTTP targets that record what they get.
import { randomUUID } from 'node:crypto';
import { CloudTasksClient } from '@google-cloud/tasks';
import * as grpc from '@grpc/grpc-js';
import { PassThroughClient } from 'google-auth-library';
import { type ManualClock, manualClock } from '../../emulators/common/index.ts';
import {
  type StartedTasksEmulator,
  startTasksEmulator,
  type TasksEmulatorOptions,
} from '../../emulators/tasks/index.ts';
import { type Received, type RecordingTarget, startRecordingTarget } from '../helpers/recording-target.ts';

export const PROJECT = 'tasks-test';
export const LOCATION = 'us-central1';
export const PARENT = `projects/${PROJECT}/locations/${LOCATION}`;
export const queueName = (prefix = 'q') => `${PARENT}/queues/${prefix}-${randomUUID().slice(0, 8)}`;

export type Transport = 'grpc' | 'rest';

/** The official client pointed at the emulator, over gRPC or the REST (HTTP/1.1 JSON) fallback. */
export function tasksClient(address: string, transport: Transport = 'grpc'): CloudTasksClient {
  const i = address.lastIndexOf(':');
  const common = {
    apiEndpoint: address.slice(0, i),
    port: Number(address.slice(i + 1)),
    universeDomain: 'googleapis.com',
  };
  if (transport === 'grpc')
    return new CloudTasksClient({ ...common, sslCreds: grpc.credentials.createInsecure() });
  return new CloudTasksClient({
    ...common,
    fallback: true,
    protocol: 'http',
    // gax types its own google-auth-library copy; the instance works the same.
    authClient: new PassThroughClient() as never,
  });
}

export interface TasksFixture {
  emulator: StartedTasksEmulator;
  clock: ManualClock;
  client: CloudTasksClient;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startFixture(
  options: TasksEmulatorOptions & { transport?: Transport; start?: string } = {},
): Promise<TasksFixture> {
  const clock = manualClock(Date.parse(options.start ?? '2026-01-01T00:00:00Z'));
  const emulator = await startTasksEmulator({ clock, ...options });
  const client = tasksClient(emulator.address, options.transport);
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

export type { Received, RecordingTarget } from '../helpers/recording-target.ts';

/**
 * A local HTTP worker. `respond` picks the status per request (n counts from 0); `holdMs` keeps
 * each request open that long (real time) before answering; `now` stamps arrivals.
 */
export function recordingTarget(
  respond: (n: number, r: Received) => number = () => 200,
  now: () => number = Date.now,
  holdMs = 0,
): Promise<RecordingTarget> {
  return startRecordingTarget({ respond, now, holdMs });
}

/** Waits (real time) until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const seconds = (s: number) => ({ seconds: s });

/**
 * The google.rpc status name a call failed with ('OK' when it did not). gRPC errors carry the
 * number; the REST fallback surfaces the HTTP error, whose JSON body names the status.
 */
export async function statusOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (err) {
    const e = err as { code?: number; message?: string };
    if (typeof e.code === 'number' && e.code < 100) return grpc.status[e.code] ?? String(e.code);
    try {
      return JSON.parse(e.message ?? '').error.status;
    } catch {
      return `HTTP ${e.code}`;
    }
  }
}

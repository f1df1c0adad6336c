// fake-gcs-server's own endpoints, outside the GCS API, for running the kit against it as the
// storage backend: health check and detection, runtime config, resets, and the start flags that
// stand in for the notification configs it has no API for. Built-in fetch: no HTTP dependency.
import { declaredStorageBackend, type StorageBackend } from '../config/index.ts';

/** The STORAGE_BACKEND values (kept under its old name for callers of this module). */
export type StorageBackendKind = StorageBackend;

export interface FakeGcsServerConfig {
  /** Base URL it writes into upload `Location` headers (resumable sessions go there). */
  externalUrl?: string;
  /** Host name it treats as `storage.googleapis.com` for path-style and XML requests. */
  publicHost?: string;
}

export interface FakeGcsServerClient {
  readonly url: string;
  /** True when `GET /_internal/healthcheck` answers 200 within the timeout. */
  healthy(): Promise<boolean>;
  /** Resolves once healthy; rejects with the last error after `timeoutMs`. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** `PUT /_internal/config`: the only runtime settings it has (externalUrl, publicHost). */
  configure(config: FakeGcsServerConfig): Promise<void>;
  /**
   * `POST /_internal/delete_all`: every bucket and every object, for scenario resets. Buckets go
   * too, so a reset is followed by applying the topology again.
   */
  deleteAll(): Promise<void>;
}

export interface FakeGcsServerClientOptions {
  /** Per-request timeout. Default 2000 ms. */
  timeoutMs?: number;
}

/** A client for the fake-gcs-server at `url` (the value of STORAGE_EMULATOR_HOST). */
export function fakeGcsServerClient(
  url: string,
  options: FakeGcsServerClientOptions = {},
): FakeGcsServerClient {
  const base = url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 2000;
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      const text = (await response.text()).trim();
      throw new Error(
        `fake-gcs-server ${method} ${path} answered ${response.status}${text ? `: ${text}` : ''}`,
      );
    }
    await response.arrayBuffer();
    return response;
  };
  const healthy = () =>
    call('GET', '/_internal/healthcheck').then(
      () => true,
      () => false,
    );
  return {
    url: base,
    healthy,
    async waitHealthy(waitMs = 10_000) {
      const deadline = Date.now() + waitMs;
      let last = 'no answer';
      while (Date.now() < deadline) {
        try {
          await call('GET', '/_internal/healthcheck');
          return;
        } catch (err) {
          last = (err as Error).message;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`fake-gcs-server at ${base} was not healthy within ${waitMs} ms (${last})`);
    },
    async configure(config) {
      await call('PUT', '/_internal/config', config);
    },
    async deleteAll() {
      await call('POST', '/_internal/delete_all');
    },
  };
}

/**
 * Which server answers STORAGE_EMULATOR_HOST. `STORAGE_BACKEND` decides when set (`devkit` or
 * `fake-gcs-server`; anything else is a ConfigError); otherwise a 200 from
 * `/_internal/healthcheck`, which only fake-gcs-server serves, means fake-gcs-server.
 */
export async function detectStorageBackend(
  storageUrl: string,
  env: Record<string, string | undefined> = process.env,
): Promise<StorageBackendKind> {
  const declared = declaredStorageBackend(env);
  if (declared) return declared;
  return (await fakeGcsServerClient(storageUrl).healthy()) ? 'fake-gcs-server' : 'devkit';
}

/** GCS event types and the names fake-gcs-server's `-event.list` flag uses for them. */
const EVENT_FLAG_NAMES = {
  OBJECT_FINALIZE: 'finalize',
  OBJECT_DELETE: 'delete',
  OBJECT_METADATA_UPDATE: 'metadataUpdate',
  OBJECT_ARCHIVE: 'archive',
} as const;
export type GcsEventType = keyof typeof EVENT_FLAG_NAMES;

export interface FakeGcsNotification {
  /** `projects/P/topics/T`, the form its Pub/Sub publisher accepts as is (or a bare topic id with `project`). */
  topic: string;
  /** Project of a bare topic id; taken from `topic` when it is a full name. */
  project?: string;
  /** Only objects of this bucket notify (GCS configs are per bucket; fake-gcs-server's is global). */
  bucket?: string;
  objectPrefix?: string;
  /** Default: OBJECT_FINALIZE only, like fake-gcs-server itself. */
  eventTypes?: readonly GcsEventType[];
}

/**
 * Start flags for fake-gcs-server's single notification config. It has no `notificationConfigs`
 * API (v1.52): notifications are fixed when the process starts, and publish to the Pub/Sub found
 * through PUBSUB_EMULATOR_HOST in its environment.
 */
export function fakeGcsNotificationFlags(notification: FakeGcsNotification): string[] {
  const full = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(notification.topic);
  if (!full && notification.topic.includes('/')) {
    throw new Error(
      `notification topic ${JSON.stringify(notification.topic)} is neither projects/P/topics/T nor a topic id`,
    );
  }
  const project = full?.[1] ?? notification.project;
  if (!project) {
    throw new Error(
      `notification topic ${JSON.stringify(notification.topic)} needs a project: use projects/P/topics/T`,
    );
  }
  const events = notification.eventTypes ?? ['OBJECT_FINALIZE'];
  if (events.length === 0) throw new Error('a notification needs at least one event type');
  const flags = [
    '-event.pubsub-project-id',
    project,
    '-event.pubsub-topic',
    full ? notification.topic : `projects/${project}/topics/${notification.topic}`,
    '-event.list',
    events.map((e) => EVENT_FLAG_NAMES[e]).join(','),
  ];
  if (notification.bucket) flags.push('-event.bucket', notification.bucket);
  if (notification.objectPrefix) flags.push('-event.object-prefix', notification.objectPrefix);
  return flags;
}

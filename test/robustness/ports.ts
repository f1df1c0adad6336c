// The ports the robustness suite attacks: one entry per emulator port, so a new one (Cloud Tasks)
// is one more element. Each says how `devkit start` exports it, what it serves and how an
// official client proves it still works.
import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { CloudSchedulerClient } from '@google-cloud/scheduler';
import { Storage } from '@google-cloud/storage';
import { CloudTasksClient } from '@google-cloud/tasks';
import * as grpc from '@grpc/grpc-js';
import { type RpcMethod, rpcMethods } from './grpc-methods.ts';

// The auth library probes the GCE metadata server unless told not to; tests are offline.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const PROJECT = 'devkit-local';
export const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export interface HttpTarget {
  method: string;
  path: string;
  body?: string;
}

export interface PortUnderTest {
  /** As in `devkit start --<name>-port`. */
  name: string;
  /** The variable `devkit start` exports for it (`host:port` or `http://host:port`). */
  envVar: string;
  /** The gRPC methods served on the port (none: HTTP/1 only). */
  rpcs(): RpcMethod[];
  /** HTTP/1 requests a web page must not be able to make (state changes first, then reads). */
  browserTargets(): HttpTarget[];
  /** Endpoints that parse a JSON body (for hostile bodies). */
  jsonBodies(): HttpTarget[];
  /** One official-client round trip; throws unless the emulator serves. */
  officialCall(address: { host: string; port: number }): Promise<void>;
  /** What the `browserTargets` requests would have left behind (names with `web-`, fault rules). */
  leftovers(address: { host: string; port: number }): Promise<string[]>;
}

/** GETs JSON without an Origin (as the official clients do). */
async function getJson(
  address: { host: string; port: number },
  path: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`http://${address.host}:${address.port}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

const webNames = (items: unknown, key: string) =>
  ((items as Record<string, string>[] | undefined) ?? [])
    .map((i) => i[key] ?? '')
    .filter((n) => n.includes('web-'));
const faultRules = async (address: { host: string; port: number }) =>
  ((await getJson(address, '/_devkit/faults')).rules as unknown[]).map(
    (r) => `fault rule ${JSON.stringify(r)}`,
  );

const P = `projects/${PROJECT}`;

export const PORTS: PortUnderTest[] = [
  {
    name: 'pubsub',
    envVar: 'PUBSUB_EMULATOR_HOST',
    rpcs: () =>
      rpcMethods('@google-cloud/pubsub', [
        'google.pubsub.v1.Publisher',
        'google.pubsub.v1.Subscriber',
        'google.pubsub.v1.SchemaService',
      ]),
    browserTargets: () => [
      { method: 'PUT', path: `/v1/${P}/topics/${uid('web')}`, body: '{}' },
      { method: 'POST', path: `/v1/${P}/topics/t:publish`, body: '{"messages":[{"data":"aGk="}]}' },
      { method: 'POST', path: '/_devkit/faults', body: '{"action":"drop","probability":1}' },
    ],
    jsonBodies: () => [
      { method: 'PUT', path: `/v1/${P}/topics/${uid('t')}` },
      { method: 'POST', path: `/v1/${P}/topics/${uid('t')}:publish` },
      { method: 'PUT', path: `/v1/${P}/subscriptions/${uid('s')}` },
      { method: 'POST', path: '/_devkit/faults' },
    ],
    officialCall: async ({ host, port }) => {
      const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: `${host}:${port}`, emulatorMode: true });
      try {
        const [topic] = await pubsub.createTopic(uid('alive'));
        await topic.publishMessage({ data: Buffer.from('still here') });
        await topic.delete();
      } finally {
        await pubsub.close();
      }
    },
    leftovers: async (address) => [
      ...webNames((await getJson(address, `/v1/${P}/topics`)).topics, 'name'),
      ...(await faultRules(address)),
    ],
  },
  {
    name: 'storage',
    envVar: 'STORAGE_EMULATOR_HOST',
    rpcs: () => [],
    browserTargets: () => [
      { method: 'POST', path: `/storage/v1/b?project=${PROJECT}`, body: `{"name":"${uid('web')}"}` },
      { method: 'POST', path: `/upload/storage/v1/b/web/o?uploadType=media&name=x`, body: 'data' },
      { method: 'POST', path: '/_devkit/faults', body: '{"action":"drop","probability":1}' },
      { method: 'GET', path: '/download/storage/v1/b/web/o/x?alt=media' },
      { method: 'GET', path: '/web/x' },
      { method: 'GET', path: '/storage/v1/b/web/o' },
    ],
    jsonBodies: () => [
      { method: 'POST', path: `/storage/v1/b?project=${PROJECT}` },
      { method: 'PATCH', path: '/storage/v1/b/no-such-bucket' },
      { method: 'POST', path: '/storage/v1/b/no-such-bucket/o/x/compose' },
      { method: 'POST', path: '/_devkit/faults' },
    ],
    officialCall: async ({ host, port }) => {
      const storage = new Storage({
        apiEndpoint: `http://${host}:${port}`,
        projectId: PROJECT,
        retryOptions: { autoRetry: false },
      });
      const [bucket] = await storage.createBucket(uid('alive'));
      await bucket.file('o').save('still here', { resumable: false });
      const [bytes] = await bucket.file('o').download();
      if (bytes.toString() !== 'still here') throw new Error('storage returned other bytes');
      await bucket.file('o').delete();
      await bucket.delete();
    },
    leftovers: async (address) => [
      ...webNames((await getJson(address, `/storage/v1/b?project=${PROJECT}`)).items, 'name'),
      ...(await faultRules(address)),
    ],
  },
  {
    name: 'scheduler',
    envVar: 'CLOUD_SCHEDULER_EMULATOR_HOST',
    rpcs: () => rpcMethods('@google-cloud/scheduler', ['google.cloud.scheduler.v1.CloudScheduler']),
    browserTargets: () => [
      {
        method: 'POST',
        path: `/v1/${P}/locations/us-central1/jobs`,
        body: JSON.stringify({
          name: `${P}/locations/us-central1/jobs/${uid('web')}`,
          schedule: '* * * * *',
          httpTarget: { uri: 'http://127.0.0.1:9/' },
        }),
      },
      { method: 'POST', path: '/admin/clock:advance', body: '{"duration":"1h"}' },
    ],
    jsonBodies: () => [
      { method: 'POST', path: `/v1/${P}/locations/us-central1/jobs` },
      { method: 'PATCH', path: `/v1/${P}/locations/us-central1/jobs/${uid('j')}` },
      { method: 'POST', path: '/admin/clock:advance' },
    ],
    officialCall: async ({ host, port }) => {
      const client = new CloudSchedulerClient({
        apiEndpoint: host,
        port,
        sslCreds: grpc.credentials.createInsecure(),
        universeDomain: 'googleapis.com',
      });
      try {
        const parent = `${P}/locations/us-central1`;
        const [job] = await client.createJob({
          parent,
          job: {
            name: `${parent}/jobs/${uid('alive')}`,
            schedule: '0 0 1 1 *',
            httpTarget: { uri: 'http://127.0.0.1:9/' },
          },
        });
        await client.deleteJob({ name: job.name as string });
      } finally {
        await client.close();
      }
    },
    leftovers: async (address) => {
      const jobs = await getJson(address, `/v1/${P}/locations/us-central1/jobs`);
      const clock = Date.parse(String((await getJson(address, '/admin/clock')).now));
      const ahead = clock - Date.now() > 30 * 60_000 ? ['clock advanced'] : [];
      return [...webNames(jobs.jobs, 'name'), ...ahead];
    },
  },
  {
    name: 'tasks',
    envVar: 'CLOUD_TASKS_EMULATOR_HOST',
    rpcs: () => rpcMethods('@google-cloud/tasks', ['google.cloud.tasks.v2.CloudTasks']),
    browserTargets: () => [
      {
        method: 'POST',
        path: `/v2/${P}/locations/us-central1/queues`,
        body: `{"name":"${P}/locations/us-central1/queues/${uid('web')}"}`,
      },
      {
        method: 'POST',
        path: `/v2/${P}/locations/us-central1/queues/q/tasks`,
        body: '{"task":{"httpRequest":{"url":"http://127.0.0.1:9/"}}}',
      },
      { method: 'POST', path: '/admin/clock:advance', body: '{"duration":"1h"}' },
      { method: 'POST', path: '/_devkit/faults', body: '{"action":"drop","probability":1}' },
    ],
    jsonBodies: () => [
      { method: 'POST', path: `/v2/${P}/locations/us-central1/queues` },
      { method: 'POST', path: `/v2/${P}/locations/us-central1/queues/${uid('q')}/tasks` },
      { method: 'POST', path: '/admin/clock:advance' },
      { method: 'POST', path: '/_devkit/faults' },
    ],
    officialCall: async ({ host, port }) => {
      const client = new CloudTasksClient({
        apiEndpoint: host,
        port,
        sslCreds: grpc.credentials.createInsecure(),
        universeDomain: 'googleapis.com',
      });
      try {
        const parent = `${P}/locations/us-central1`;
        const [queue] = await client.createQueue({
          parent,
          queue: { name: `${parent}/queues/${uid('alive')}` },
        });
        await client.deleteQueue({ name: queue.name as string });
      } finally {
        await client.close();
      }
    },
    leftovers: async (address) => {
      const queues = await getJson(address, `/v2/${P}/locations/us-central1/queues`);
      const clock = Date.parse(String((await getJson(address, '/admin/clock')).now));
      const ahead = clock - Date.now() > 30 * 60_000 ? ['clock advanced'] : [];
      return [...webNames(queues.queues, 'name'), ...(await faultRules(address)), ...ahead];
    },
  },
];

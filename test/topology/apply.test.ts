// apply over the wire against the embedded emulators, through the official clients: create,
// re-apply (nothing), one changed field (one update), immutable change (replace), prune.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import {
  applyChanges,
  kindsFor,
  loadTopologyFile,
  openTopologyClients,
  parseTopology,
  planTopology,
  summarize,
  type TopologyClients,
} from '../../src/topology/index.ts';

const started: Array<{ stack: StartedStack; clients: TopologyClients }> = [];
afterEach(async () => {
  for (const { stack, clients } of started.splice(0)) {
    await clients.close();
    await stack.stop();
  }
});

/** A fresh stack per test: --prune deletes whatever a file does not name, so nothing is shared. */
async function target() {
  const stack = await startStack({ ports: { pubsub: 0, storage: 0, scheduler: 0 }, redis: false });
  const config = resolveConfig({ env: stack.env });
  const clients = openTopologyClients(config, kindsFor({}, true));
  started.push({ stack, clients });
  const apply = async (yaml: string, prune = false) => {
    const changes = await planTopology(parseTopology(yaml), clients, { prune });
    await applyChanges(clients, changes);
    return changes;
  };
  return { clients, apply, project: config.project };
}

const fileFor = (id: string, { ack = 30, prefix = 'in/', schedule = '0 * * * *', filter = '' } = {}) => `
topics: [{ name: avail-${id} }, { name: dead-${id} }]
subscriptions:
  - { name: worker-${id}, topic: avail-${id}, ackDeadlineSeconds: ${ack}, filter: '${filter}',
      deadLetterPolicy: { deadLetterTopic: dead-${id}, maxDeliveryAttempts: 5 },
      retryPolicy: { minimumBackoff: 1s, maximumBackoff: 60s } }
buckets:
  - name: work-${id}
    notifications: [{ topic: avail-${id}, eventTypes: [OBJECT_FINALIZE], objectNamePrefix: ${prefix} }]
jobs:
  - { name: tick-${id}, schedule: "${schedule}", timeZone: UTC,
      pubsubTarget: { topic: avail-${id}, data: hello, attributes: { action: tick } },
      retryConfig: { retryCount: 3, minBackoffDuration: 5s } }
`;

describe('applying devkit.yaml to the emulators', () => {
  it('creates everything, then a second apply changes nothing', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    const first = await apply(fileFor(id));
    expect(summarize(first)).toMatchObject({ create: 6, update: 0, unchanged: 0 });

    const [sub] = await clients.pubsub!.subscription(`worker-${id}`).getMetadata();
    expect(sub.ackDeadlineSeconds).toBe(30);
    expect(sub.deadLetterPolicy?.deadLetterTopic).toMatch(new RegExp(`/topics/dead-${id}$`));
    expect(Number(sub.retryPolicy?.maximumBackoff?.seconds)).toBe(60);
    const [notifications] = await clients.storage!.bucket(`work-${id}`).getNotifications();
    expect(notifications).toHaveLength(1);
    const [job] = await clients.scheduler!.getJob({ name: `${clients.schedulerParent}/jobs/tick-${id}` });
    expect(job.schedule).toBe('0 * * * *');
    expect(Buffer.from(job.pubsubTarget!.data as Uint8Array).toString()).toBe('hello');
    expect(job.retryConfig?.retryCount).toBe(3);

    const second = await apply(fileFor(id));
    expect(second.every((c) => c.action === 'unchanged')).toBe(true);
    expect(second).toHaveLength(6);
  });

  it('one changed field is one update, carried out with an update mask', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    await apply(fileFor(id));
    const changes = await apply(fileFor(id, { ack: 45 }));
    const changed = changes.filter((c) => c.action !== 'unchanged');
    expect(changed.map((c) => [c.action, c.kind, c.name, c.fields])).toEqual([
      ['update', 'subscription', `worker-${id}`, ['ackDeadlineSeconds']],
    ]);
    const [sub] = await clients.pubsub!.subscription(`worker-${id}`).getMetadata();
    expect(sub.ackDeadlineSeconds).toBe(45);
    expect(sub.deadLetterPolicy?.maxDeliveryAttempts).toBe(5); // untouched by the mask

    const jobChange = await apply(fileFor(id, { ack: 45, schedule: '*/5 * * * *' }));
    expect(
      jobChange.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.kind, c.fields]),
    ).toEqual([['update', 'job', ['schedule']]]);
    const [job] = await clients.scheduler!.getJob({ name: `${clients.schedulerParent}/jobs/tick-${id}` });
    expect(job.schedule).toBe('*/5 * * * *');
    expect(job.retryConfig?.retryCount).toBe(3);
  });

  it('an immutable field (filter, notification prefix) replaces the resource', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    await apply(fileFor(id));
    const changes = await apply(fileFor(id, { filter: 'attributes.action = "tick"', prefix: 'out/' }));
    // The notification's prefix is part of its identity: the old one goes, a new one comes.
    expect(changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind}`)).toEqual([
      'replace subscription',
      'create notification',
    ]);
    const [sub] = await clients.pubsub!.subscription(`worker-${id}`).getMetadata();
    expect(sub.filter).toBe('attributes.action = "tick"');
    const again = await apply(fileFor(id, { filter: 'attributes.action = "tick"', prefix: 'out/' }), true);
    expect(
      again.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind} ${c.name}`),
    ).toEqual([`delete notification work-${id}: avail-${id} in/`]);
    const [notifications] = await clients.storage!.bucket(`work-${id}`).getNotifications();
    expect(notifications.map((n) => n.metadata.object_name_prefix)).toEqual(['out/']);
  });

  it('--prune deletes what the file no longer names, and only with --prune', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    await apply(fileFor(id));
    const smaller = `topics: [{ name: avail-${id} }]`;
    const kept = await apply(smaller);
    expect(kept.map((c) => c.action)).toEqual(['unchanged']);

    const pruned = await apply(smaller, true);
    expect(pruned.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.name}`)).toEqual([
      `job tick-${id}`,
      `notification work-${id}: avail-${id} in/`,
      `bucket work-${id}`,
      `subscription worker-${id}`,
      `topic dead-${id}`,
    ]);
    const [topics] = await clients.pubsub!.getTopics();
    expect(topics.map((t) => t.name.split('/').pop())).toEqual([`avail-${id}`]);
    expect((await clients.pubsub!.getSubscriptions())[0]).toHaveLength(0);
    expect((await clients.storage!.getBuckets())[0]).toHaveLength(0);
    expect((await clients.scheduler!.listJobs({ parent: clients.schedulerParent }))[0]).toHaveLength(0);
    expect((await apply(smaller, true)).map((c) => c.action)).toEqual(['unchanged']);
  });

  it('the applied notification delivers OBJECT_FINALIZE to the declared topic', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    await apply(fileFor(id));
    await clients.storage!.bucket(`work-${id}`).file('in/unit-1.txt').save('payload', { resumable: false });
    await clients.storage!.bucket(`work-${id}`).file('elsewhere.txt').save('skip', { resumable: false });
    const subscription = clients.pubsub!.subscription(`worker-${id}`);
    const received = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no notification within 10 s')), 10_000);
      subscription.on('message', (message) => {
        clearTimeout(timer);
        message.ack();
        resolve(message.attributes);
      });
    });
    await subscription.close();
    expect(received).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      bucketId: `work-${id}`,
      objectId: 'in/unit-1.txt',
    });
  });

  it('devkit.example.yaml applies cleanly to a fresh stack and re-applies to nothing', async () => {
    const { clients } = await target();
    const example = await loadTopologyFile(
      fileURLToPath(new URL('../../devkit.example.yaml', import.meta.url)),
    );
    const first = await planTopology(example, clients);
    expect(first.every((c) => c.action === 'create')).toBe(true);
    expect(await applyChanges(clients, first)).toHaveLength(first.length);
    const second = await planTopology(example, clients);
    expect(second.map((c) => c.action)).toEqual(first.map(() => 'unchanged'));
  });

  it('updates topic labels, bucket versioning and labels (a dropped label goes), and a job target', async () => {
    const id = randomUUID().slice(0, 8);
    const { clients, apply } = await target();
    const yaml = (v: { labels: string; versioning: boolean; topic: string }) => `
topics: [{ name: a-${id}, labels: { ${v.labels} } }, { name: b-${id} }]
buckets: [{ name: data-${id}, versioning: ${v.versioning}, labels: { ${v.labels} } }]
jobs: [{ name: j-${id}, schedule: "0 1 * * *", pubsubTarget: { topic: ${v.topic}, data: x } }]
`;
    await apply(yaml({ labels: 'team: core, tier: dev', versioning: false, topic: `a-${id}` }));
    const changes = await apply(yaml({ labels: 'team: data', versioning: true, topic: `b-${id}` }));
    expect(changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.kind, c.fields])).toEqual([
      ['update', 'topic', ['labels']],
      ['update', 'bucket', ['versioning', 'labels']],
      ['update', 'job', ['pubsubTarget']],
    ]);
    const [topic] = await clients.pubsub!.topic(`a-${id}`).getMetadata();
    expect(topic.labels).toEqual({ team: 'data' });
    const [bucket] = await clients.storage!.bucket(`data-${id}`).getMetadata();
    expect(bucket.versioning?.enabled).toBe(true);
    expect(bucket.labels).toEqual({ team: 'data' });
    const [job] = await clients.scheduler!.getJob({ name: `${clients.schedulerParent}/jobs/j-${id}` });
    expect(job.pubsubTarget?.topicName).toMatch(new RegExp(`/topics/b-${id}$`));
    const again = await apply(yaml({ labels: 'team: data', versioning: true, topic: `b-${id}` }));
    expect(again.every((c) => c.action === 'unchanged')).toBe(true);
  });
});

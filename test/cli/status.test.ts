// `devkit status` as a real process: real backlog numbers per subscription, measured without
// consuming anything; objects and notifications per bucket; the next run of each job.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import {
  applyChanges,
  kindsFor,
  openTopologyClients,
  parseTopology,
  planTopology,
  type TopologyClients,
} from '../../src/topology/index.ts';
import { devkitOk } from '../helpers/run-devkit.ts';

let stack: StartedStack;
let clients: TopologyClients;
beforeAll(async () => {
  stack = await startStack({ ports: { pubsub: 0, storage: 0, scheduler: 0 }, redis: false });
  clients = openTopologyClients(resolveConfig({ env: stack.env }), kindsFor({}, true));
});
afterAll(async () => {
  await clients?.close();
  await stack?.stop();
});

interface Row {
  name: string;
  backlog: number | null;
}

describe('devkit status', { timeout: 120_000 }, () => {
  it('reports exact backlogs (filters respected) and leaves every subscription untouched', async () => {
    const id = randomUUID().slice(0, 8);
    const file = parseTopology(`
topics: [{ name: work-${id} }, { name: dead-${id} }]
subscriptions:
  - { name: all-${id}, topic: work-${id}, deadLetterPolicy: { deadLetterTopic: dead-${id} } }
  - { name: alice-${id}, topic: work-${id}, filter: 'attributes.user = "alice"' }
  - { name: idle-${id}, topic: dead-${id} }
buckets:
  - { name: b-${id}, notifications: [{ topic: dead-${id}, eventTypes: [OBJECT_DELETE] }] }
jobs:
  - { name: hourly-${id}, schedule: "0 * * * *", pubsubTarget: { topic: work-${id}, data: tick } }
`);
    await applyChanges(clients, await planTopology(file, clients));
    const topic = clients.pubsub!.topic(`work-${id}`);
    for (const user of ['alice', 'bob', 'alice', 'carol', 'bob']) {
      await topic.publishMessage({ data: Buffer.from(user), attributes: { user } });
    }
    await clients.storage!.bucket(`b-${id}`).file('one.txt').save('1', { resumable: false });
    await clients.storage!.bucket(`b-${id}`).file('two.txt').save('2', { resumable: false });

    const report = JSON.parse(await devkitOk(['status', '--json'], stack.env));
    const backlog = (name: string) => report.subscriptions.find((s: Row) => s.name === name)?.backlog;
    expect(backlog(`all-${id}`)).toBe(5);
    expect(backlog(`alice-${id}`)).toBe(2);
    expect(backlog(`idle-${id}`)).toBe(0);
    expect(report.buckets).toContainEqual({ name: `b-${id}`, objects: 2, notifications: 1 });
    const job = report.jobs.find((j: { name: string }) => j.name === `hourly-${id}`);
    expect(new Date(job.nextRun).getUTCMinutes()).toBe(0);
    expect(new Date(job.nextRun).getTime()).toBeGreaterThan(Date.now() - 1000);

    // The table says the same.
    const table = await devkitOk(['status'], stack.env);
    expect(table).toMatch(new RegExp(`all-${id}\\s+work-${id}\\s+pull\\s+5\\n`));
    expect(table).toMatch(new RegExp(`alice-${id}\\s+work-${id}\\s+pull\\s+2\\n`));
    expect(table).toMatch(new RegExp(`b-${id}\\s+2\\s+1\\n`));
    expect(table).toMatch(new RegExp(`hourly-${id}\\s+0 \\* \\* \\* \\*\\s+ENABLED\\s+\\d{4}-`));

    // Nothing consumed: every message is still there, delivered now for the first time.
    const [messages] = await clients.pubsub!.subscription(`all-${id}`).getMetadata();
    expect(messages.name).toContain(`all-${id}`);
    const seen = await drain(`all-${id}`);
    expect(seen.map((m) => m.data).sort()).toEqual(['alice', 'alice', 'bob', 'bob', 'carol']);
    expect(seen.every((m) => m.deliveryAttempt === 1)).toBe(true);
    // And no probe subscription or snapshot is left behind.
    const [subs] = await clients.pubsub!.getSubscriptions();
    expect(subs.filter((s) => s.name.includes('devkit-status-'))).toEqual([]);
    const [snapshots] = await clients.pubsub!.getSnapshots();
    expect(snapshots).toEqual([]);
  });
});

/** Receives every message of a subscription through the official streaming client, acking each. */
async function drain(name: string): Promise<Array<{ data: string; deliveryAttempt: number }>> {
  const subscription = clients.pubsub!.subscription(name);
  const seen: Array<{ data: string; deliveryAttempt: number }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.length} messages within 10 s`)), 10_000);
    subscription.on('message', (message) => {
      seen.push({ data: message.data.toString(), deliveryAttempt: message.deliveryAttempt });
      message.ack();
      if (seen.length === 5) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await subscription.close();
  return seen;
}

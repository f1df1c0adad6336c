// google.iam.v1.IAMPolicy over the wire with the official client's iam API and REST: policies
// stored with etags per topic, subscription, snapshot and schema; TestIamPermissions as an owner.
import { SchemaTypes } from '@google-cloud/pubsub';
import { describe, expect, it } from 'vitest';
import { client, PROJECT, rawClients, rest, startEmulator, uid } from './helpers.ts';

const errOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 0, details: '' }),
    (e: { code: number; details: string }) => e,
  );

describe('IAMPolicy', () => {
  it('stores and returns policies with etags; a stale etag is ABORTED', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [empty] = await topic.iam.getPolicy();
    expect(empty.bindings).toEqual([]);
    const binding = {
      role: 'roles/pubsub.publisher',
      members: ['serviceAccount:svc@p.iam.gserviceaccount.com'],
    };
    const [set] = await topic.iam.setPolicy({ bindings: [binding] });
    expect(set.bindings).toMatchObject([binding]);
    const [read] = await topic.iam.getPolicy();
    expect(read.bindings).toMatchObject([binding]);
    expect(Buffer.from(read.etag as Uint8Array).equals(Buffer.from(set.etag as Uint8Array))).toBe(true);
    expect(Buffer.from(read.etag as Uint8Array).equals(Buffer.from(empty.etag as Uint8Array))).toBe(false);
    const stale = await errOf(topic.iam.setPolicy({ bindings: [], etag: empty.etag }));
    expect(stale.code).toBe(10);
    const [cleared] = await topic.iam.setPolicy({ bindings: [], etag: read.etag });
    expect(cleared.bindings).toEqual([]);
    const badMember = await errOf(
      topic.iam.setPolicy({ bindings: [{ role: 'roles/viewer', members: ['bob'] }] }),
    );
    expect(badMember.code).toBe(3);
    expect(await errOf(pubsub.topic(uid('missing')).iam.getPolicy())).toMatchObject({ code: 5 });
    await topic.iam.setPolicy({ bindings: [binding] });
    await topic.delete();
    await topic.create();
    expect((await topic.iam.getPolicy())[0].bindings).toEqual([]); // a new topic, no old policy
    await pubsub.close();
  });

  it('covers subscriptions, snapshots and schemas; TestIamPermissions answers as an owner', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'));
    const [snap] = await sub.createSnapshot(uid('snap'));
    const schema = await pubsub.createSchema(uid('sc'), SchemaTypes.Avro, '{"type":"string"}');
    const viewer = { role: 'roles/pubsub.viewer', members: ['user:a@example.com'] };
    await sub.iam.setPolicy({ bindings: [viewer] });
    expect((await sub.iam.getPolicy())[0].bindings).toMatchObject([viewer]);
    // The Snapshot class has no iam member; the generated client's IAM mixin reaches the same service
    // (its request types are protobufjs classes, hence the casts of plain objects).
    const { subscriber, close } = rawClients(emu);
    await subscriber.setIamPolicy({ resource: snap.name, policy: { bindings: [viewer] } } as never);
    expect((await subscriber.getIamPolicy({ resource: snap.name } as never))[0].bindings).toMatchObject([
      viewer,
    ]);
    const [perms] = await topic.iam.testPermissions([
      'pubsub.topics.publish',
      'pubsub.topics.update',
      'storage.buckets.get',
    ]);
    expect(perms).toEqual({
      'pubsub.topics.publish': true,
      'pubsub.topics.update': true,
      'storage.buckets.get': false,
    });
    const [subPerms] = await sub.iam.testPermissions([
      'pubsub.subscriptions.consume',
      'pubsub.topics.publish',
    ]);
    expect(subPerms).toEqual({ 'pubsub.subscriptions.consume': true, 'pubsub.topics.publish': false });
    const [snapPerms] = await subscriber.testIamPermissions({
      resource: snap.name,
      permissions: ['pubsub.snapshots.seek', 'pubsub.topics.get'],
    } as never);
    expect(snapPerms.permissions).toEqual(['pubsub.snapshots.seek']);
    await close();
    const schemaName = await schema.getName();
    const set = await rest(emu, `${schemaName}:setIamPolicy`, {
      method: 'POST',
      body: { policy: { bindings: [viewer] } },
    });
    expect(set.status).toBe(200);
    await pubsub.close();
  });

  it('serves getIamPolicy, setIamPolicy and testIamPermissions over REST', async () => {
    await using emu = await startEmulator();
    const t = `projects/${PROJECT}/topics/${uid('t')}`;
    expect((await rest(emu, t, { method: 'PUT', body: {} })).status).toBe(200);
    const first = (await (await rest(emu, `${t}:getIamPolicy`)).json()) as { etag: string };
    expect(first.etag).toBe('ACAB');
    const binding = { role: 'roles/pubsub.subscriber', members: ['group:g@example.com'] };
    const set = await rest(emu, `${t}:setIamPolicy`, {
      method: 'POST',
      body: { policy: { bindings: [binding], etag: 'ACAB' } },
    });
    const policy = (await set.json()) as { etag: string; bindings: unknown[]; version: number };
    expect(policy.bindings).toMatchObject([binding]);
    expect(policy.etag).not.toBe('ACAB');
    const stale = await rest(emu, `${t}:setIamPolicy`, {
      method: 'POST',
      body: { policy: { bindings: [], etag: 'ACAB' } },
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { status: string } }).error.status).toBe('ABORTED');
    const test = await rest(emu, `${t}:testIamPermissions`, {
      method: 'POST',
      body: { permissions: ['pubsub.topics.get', 'pubsub.nope'] },
    });
    expect(await test.json()).toEqual({ permissions: ['pubsub.topics.get'] });
  });
});

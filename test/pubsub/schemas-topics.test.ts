// Topic schemaSettings over the wire: existence and range checks on create/update, validation
// on Publish with Google's error text, and the googclient_schema* attributes on delivery.
import { Encodings, SchemaTypes } from '@google-cloud/pubsub';
import { describe, expect, it } from 'vitest';
import { client, PROJECT, rawClients, rest, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const V1 = 'syntax = "proto3";\nmessage Item { string name = 1; }';
const V2 = 'syntax = "proto3";\nmessage Item { string name = 1; int32 count = 2; }';
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 0, details: '' }),
    (e: { code: number; details: string }) => e,
  );

describe('Topic schema settings', () => {
  it('validates on publish against the allowed revision range and adds the schema attributes', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const { publisher, subscriber, close } = rawClients(emu);
    const sc = await pubsub.getSchemaClient();
    const schemaId = uid('item');
    const schema = `projects/${PROJECT}/schemas/${schemaId}`;
    const r1 = await (await pubsub.createSchema(schemaId, SchemaTypes.ProtocolBuffer, V1)).get();
    const [r2] = await sc.commitSchema({
      name: schema,
      schema: { name: schema, type: 'PROTOCOL_BUFFER', definition: V2 },
    });
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await publisher.createTopic({
      name: t,
      schemaSettings: {
        schema,
        encoding: 'JSON',
        firstRevisionId: r1.revisionId,
        lastRevisionId: r1.revisionId,
      },
    });
    const [got] = await publisher.getTopic({ topic: t });
    expect(got.schemaSettings).toMatchObject({ schema, encoding: 'JSON', firstRevisionId: r1.revisionId });
    await subscriber.createSubscription({ name: s, topic: t });
    const publish = (json: unknown) =>
      publisher.publish({ topic: t, messages: [{ data: Buffer.from(JSON.stringify(json)) }] });
    await publish({ name: 'a' });
    const bad = await errOf(publish({ name: 'a', count: 2 })); // only revision 2 has count
    expect(bad.code).toBe(3);
    expect(bad.details).toBe('Invalid data in message: Message failed schema validation.');
    await publisher.updateTopic({
      topic: { name: t, schemaSettings: { schema, encoding: 'JSON', lastRevisionId: r2.revisionId } },
      updateMask: { paths: ['schema_settings'] },
    });
    await publish({ name: 'b', count: 2 });
    const [pulled] = await subscriber.pull({ subscription: s, maxMessages: 10 });
    const attrs = pulled.receivedMessages!.map((m) => m.message!.attributes);
    expect(attrs).toEqual([
      {
        googclient_schemaname: schema,
        googclient_schemaencoding: 'JSON',
        googclient_schemarevisionid: r1.revisionId,
      },
      {
        googclient_schemaname: schema,
        googclient_schemaencoding: 'JSON',
        googclient_schemarevisionid: r2.revisionId,
      },
    ]);
    await close();
    await pubsub.close();
  });

  it('refuses a missing schema (NOT_FOUND) and a bad encoding or revision (INVALID_ARGUMENT)', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const schemaId = uid('s');
    const schema = `projects/${PROJECT}/schemas/${schemaId}`;
    await pubsub.createSchema(schemaId, SchemaTypes.ProtocolBuffer, V1);
    const create = (schemaSettings: Record<string, unknown>) =>
      errOf(pubsub.createTopic({ name: uid('t'), schemaSettings }));
    expect(await create({ schema: `${schema}-nope`, encoding: Encodings.Json })).toMatchObject({ code: 5 });
    expect(await create({ schema })).toMatchObject({ code: 3 });
    expect(await create({ schema, encoding: Encodings.Json, firstRevisionId: 'deadbeef' })).toMatchObject({
      code: 3,
    });
    expect((await create({ schema, encoding: Encodings.Binary })).code).toBe(0);
    await pubsub.close();
  });

  it('works over REST, binary encoding included, and names _deleted-schema_ after DeleteSchema', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const schemaId = uid('s');
    const schema = `projects/${PROJECT}/schemas/${schemaId}`;
    await pubsub.createSchema(schemaId, SchemaTypes.ProtocolBuffer, V1);
    const t = `projects/${PROJECT}/topics/${uid('t')}`;
    const put = await rest(emu, t, {
      method: 'PUT',
      body: { schemaSettings: { schema, encoding: 'BINARY' } },
    });
    expect(put.status).toBe(200);
    const item = Buffer.from([0x0a, 0x01, 0x78]).toString('base64'); // name "x"
    const ok = await rest(emu, `${t}:publish`, { method: 'POST', body: { messages: [{ data: item }] } });
    expect(ok.status).toBe(200);
    const junk = Buffer.from([0xff, 0xff, 0xff]).toString('base64');
    const bad = await rest(emu, `${t}:publish`, { method: 'POST', body: { messages: [{ data: junk }] } });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { message: string; details: { reason: string }[] } }).error;
    expect(error.message).toBe('Invalid data in message: Message failed schema validation.');
    expect(error.details[0]?.reason).toBe('INVALID_BINARY_PROTO_MESSAGE');
    await pubsub.schema(schemaId).delete();
    const topic = (await (await rest(emu, t)).json()) as { schemaSettings: { schema: string } };
    expect(topic.schemaSettings.schema).toBe('_deleted-schema_');
    const afterDelete = await rest(emu, `${t}:publish`, {
      method: 'POST',
      body: { messages: [{ data: item }] },
    });
    expect(afterDelete.status).toBe(400);
    const cleared = await rest(emu, t, {
      method: 'PATCH',
      body: { topic: {}, updateMask: 'schemaSettings' },
    });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).not.toHaveProperty('schemaSettings');
    expect(
      (await rest(emu, `${t}:publish`, { method: 'POST', body: { messages: [{ data: junk }] } })).status,
    ).toBe(200);
    await pubsub.close();
  });
});

// SchemaService over the wire with the official client (gRPC) and REST: create rules, views,
// revisions (commit, rollback, delete), Avro and Protocol Buffer validation in JSON and binary.
import { SchemaTypes, SchemaViews } from '@google-cloud/pubsub';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { client, PROJECT, rest, startEmulator, uid } from './helpers.ts';

const AVRO = JSON.stringify({
  type: 'record',
  name: 'State',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'post_abbr', type: 'string' },
  ],
});
const PROTO = 'syntax = "proto3";\nmessage Province { string name = 1; int32 population = 2; }';
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 0, details: '' }),
    (e: { code: number; details: string }) => e,
  );

describe('SchemaService', () => {
  it('creates, gets (FULL and BASIC), lists and deletes schemas with the official client', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const id = uid('avro');
    const schema = await pubsub.createSchema(id, SchemaTypes.Avro, AVRO);
    const full = await schema.get();
    expect(full.name).toBe(`projects/${PROJECT}/schemas/${id}`);
    expect(full.type).toBe('AVRO');
    expect(full.definition).toBe(AVRO);
    expect(full.revisionId).toMatch(/^[0-9a-f]{8}$/);
    expect(Number(full.revisionCreateTime?.seconds)).toBeGreaterThan(0);
    expect((await schema.get(SchemaViews.Basic)).definition).toBeFalsy();
    const listed = [];
    for await (const s of pubsub.listSchemas()) listed.push(s);
    expect(listed.map((s) => s.name)).toContain(full.name);
    expect(await errOf(pubsub.createSchema(id, SchemaTypes.Avro, AVRO))).toMatchObject({ code: 6 });
    await schema.delete();
    expect(await errOf(schema.get())).toMatchObject({ code: 5 });
    await pubsub.close();
  });

  it('applies Google schema id rules and refuses invalid definitions', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    for (const bad of ['ab', '1abc', 'goog-x', 'has space', 'a'.repeat(256)]) {
      expect(await errOf(pubsub.createSchema(bad, SchemaTypes.Avro, AVRO)), bad).toMatchObject({ code: 3 });
    }
    expect((await errOf(pubsub.createSchema('a-b_c.d~e+f%20', SchemaTypes.Avro, AVRO))).code).toBe(0);
    expect(await errOf(pubsub.createSchema(uid('x'), SchemaTypes.Avro, '{"type":"recrd"}'))).toMatchObject({
      code: 3,
    });
    const twoTypes = 'syntax = "proto3"; message A { string a = 1; } message B { string b = 1; }';
    const twice = await errOf(pubsub.createSchema(uid('p'), SchemaTypes.ProtocolBuffer, twoTypes));
    expect(twice.code).toBe(3);
    expect(twice.details).toContain('exactly one top-level message type');
    await pubsub.validateSchema({ type: SchemaTypes.ProtocolBuffer, definition: PROTO });
    expect(
      await errOf(pubsub.validateSchema({ type: SchemaTypes.ProtocolBuffer, definition: 'message {' })),
    ).toMatchObject({
      code: 3,
    });
    await pubsub.close();
  });

  it('commits, lists, rolls back and deletes revisions', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const sc = await pubsub.getSchemaClient();
    const id = uid('rev');
    const name = `projects/${PROJECT}/schemas/${id}`;
    const first = await (await pubsub.createSchema(id, SchemaTypes.ProtocolBuffer, PROTO)).get();
    const v2 = PROTO.replace('int32 population = 2;', 'int32 population = 2; string capital = 3;');
    const [second] = await sc.commitSchema({
      name,
      schema: { name, type: 'PROTOCOL_BUFFER', definition: v2 },
    });
    expect(second.revisionId).not.toBe(first.revisionId);
    expect((await pubsub.schema(id).get()).definition).toBe(v2);
    const [revs] = await sc.listSchemaRevisions({ name, view: 'FULL' });
    expect(revs.map((r) => r.revisionId)).toEqual([second.revisionId, first.revisionId]);
    const [old] = await sc.getSchema({ name: `${name}@${first.revisionId}` });
    expect(old.definition).toBe(PROTO);
    const [rolled] = await sc.rollbackSchema({ name, revisionId: first.revisionId });
    expect(rolled.definition).toBe(PROTO);
    expect(rolled.revisionId).not.toBe(first.revisionId);
    const [deleted] = await sc.deleteSchemaRevision({ name: `${name}@${second.revisionId}` });
    expect(deleted.revisionId).toBe(second.revisionId);
    const [after] = await sc.listSchemaRevisions({ name });
    expect(after.map((r) => r.revisionId)).toEqual([rolled.revisionId, first.revisionId]);
    const changeType = sc.commitSchema({ name, schema: { name, type: 'AVRO', definition: AVRO } });
    expect(await errOf(changeType)).toMatchObject({ code: 3 });
    await sc.deleteSchemaRevision({ name: `${name}@${first.revisionId}` });
    // Google's limits: 20 revisions per schema, definitions of at most 50 KB.
    for (let i = 1; i < 20; i++)
      await sc.commitSchema({ name, schema: { name, type: 'PROTOCOL_BUFFER', definition: PROTO } });
    const tooMany = sc.commitSchema({ name, schema: { name, type: 'PROTOCOL_BUFFER', definition: PROTO } });
    expect(await errOf(tooMany)).toMatchObject({ code: 8 });
    const big = `${PROTO}\n// ${'x'.repeat(50 * 1024)}`;
    expect(await errOf(pubsub.createSchema(uid('big'), SchemaTypes.ProtocolBuffer, big))).toMatchObject({
      code: 3,
    });
    for (const r of (await sc.listSchemaRevisions({ name }))[0].slice(1)) {
      await sc.deleteSchemaRevision({ name: `${name}@${r.revisionId}` });
    }
    const [[rolledOnly]] = await sc.listSchemaRevisions({ name });
    const only = sc.deleteSchemaRevision({ name: `${name}@${rolledOnly!.revisionId}` });
    expect(await errOf(only)).toMatchObject({ code: 9 });
    await pubsub.close();
  });

  it('validates messages: Avro and Protocol Buffer, JSON and binary, by name and inline', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const avroSchema = await pubsub.createSchema(uid('a'), SchemaTypes.Avro, AVRO);
    // The client puts the string into a bytes field, which protobufjs reads as base64.
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    await avroSchema.validateMessage(b64(JSON.stringify({ name: 'Alaska', post_abbr: 'AK' })), 'JSON');
    expect(await errOf(avroSchema.validateMessage(b64('{"name": 1}'), 'JSON'))).toMatchObject({ code: 3 });
    const sc = await pubsub.getSchemaClient();
    const bin = Buffer.from(
      avro.Type.forSchema(JSON.parse(AVRO)).toBuffer({ name: 'Ohio', post_abbr: 'OH' }),
    );
    const parent = `projects/${PROJECT}`;
    await sc.validateMessage({ parent, name: await avroSchema.getName(), message: bin, encoding: 'BINARY' });
    const inline = { type: 'PROTOCOL_BUFFER' as const, definition: PROTO };
    await sc.validateMessage({
      parent,
      schema: inline,
      message: Buffer.from('{"name":"Yukon","population":1}'),
      encoding: 'JSON',
    });
    const proto3Binary = Buffer.from([0x0a, 0x02, 0x4e, 0x53, 0x10, 0x05]); // name "NS", population 5
    await sc.validateMessage({ parent, schema: inline, message: proto3Binary, encoding: 'BINARY' });
    for (const message of ['{"unknown":1}', '{"population":"many"}']) {
      const res = sc.validateMessage({
        parent,
        schema: inline,
        message: Buffer.from(message),
        encoding: 'JSON',
      });
      expect(await errOf(res), message).toMatchObject({ code: 3 });
    }
    await pubsub.close();
  });

  it('serves the same over REST', async () => {
    await using emu = await startEmulator();
    const id = uid('r');
    const created = await rest(emu, `projects/${PROJECT}/schemas?schemaId=${id}`, {
      method: 'POST',
      body: { type: 'AVRO', definition: AVRO },
    });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { name: string; revisionCreateTime: string; revisionId: string };
    expect(body.name).toBe(`projects/${PROJECT}/schemas/${id}`);
    expect(Date.parse(body.revisionCreateTime)).toBeGreaterThan(0);
    const basic = await (await rest(emu, `projects/${PROJECT}/schemas/${id}?view=BASIC`)).json();
    expect(basic).not.toHaveProperty('definition');
    const list = (await (await rest(emu, `projects/${PROJECT}/schemas`)).json()) as { schemas: unknown[] };
    expect(list.schemas).toHaveLength(1);
    const commit = await rest(emu, `projects/${PROJECT}/schemas/${id}:commit`, {
      method: 'POST',
      body: { schema: { type: 'AVRO', definition: AVRO } },
    });
    expect(commit.status).toBe(200);
    const revs = (await (await rest(emu, `projects/${PROJECT}/schemas/${id}:listRevisions`)).json()) as {
      schemas: unknown[];
    };
    expect(revs.schemas).toHaveLength(2);
    const message = Buffer.from('{"name":"x","post_abbr":"y"}').toString('base64');
    const ok = await rest(emu, `projects/${PROJECT}/schemas:validateMessage`, {
      method: 'POST',
      body: { name: body.name, message, encoding: 'JSON' },
    });
    expect(ok.status).toBe(200);
    const del = await rest(emu, `projects/${PROJECT}/schemas/${id}@${body.revisionId}:deleteRevision`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(200);
    expect((await rest(emu, `projects/${PROJECT}/schemas/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await rest(emu, `projects/${PROJECT}/schemas/${id}`)).status).toBe(404);
  });

  it('accepts enums as numbers over REST (the Python REST transport sends enum-encoding=int)', async () => {
    await using emu = await startEmulator();
    const id = uid('n');
    const created = await rest(emu, `projects/${PROJECT}/schemas?schemaId=${id}`, {
      method: 'POST',
      body: { type: 1, definition: PROTO }, // PROTOCOL_BUFFER
    });
    expect(((await created.json()) as { type: string }).type).toBe('PROTOCOL_BUFFER');
    const basic = await (await rest(emu, `projects/${PROJECT}/schemas/${id}?view=1`)).json();
    expect(basic).not.toHaveProperty('definition');
    const t = `projects/${PROJECT}/topics/${uid('t')}`;
    const schema = `projects/${PROJECT}/schemas/${id}`;
    const put = await rest(emu, t, { method: 'PUT', body: { schemaSettings: { schema, encoding: 1 } } });
    expect(((await put.json()) as { schemaSettings: { encoding: string } }).schemaSettings.encoding).toBe(
      'JSON',
    );
    const message = Buffer.from('{"name":"x"}').toString('base64');
    const ok = await rest(emu, `projects/${PROJECT}/schemas:validateMessage`, {
      method: 'POST',
      body: { name: schema, message, encoding: 1 },
    });
    expect(ok.status).toBe(200);
  });
});

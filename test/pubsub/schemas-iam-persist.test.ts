// With --data-dir, schemas (every revision) and IAM policies survive a clean restart and a
// SIGKILL of `devkit start pubsub` right after their replies, and so do topic schemaSettings
// (official Node client over gRPC).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PubSub, SchemaTypes } from '@google-cloud/pubsub';
import { describe, expect, it } from 'vitest';
import { type ReadyDevkit, startDevkit } from '../helpers/devkit-process.ts';
import { PROJECT, startEmulator } from './helpers.ts';

const AVRO = (field: string) =>
  JSON.stringify({ type: 'record', name: 'R', fields: [{ name: field, type: 'string' }] });
const binding = { role: 'roles/pubsub.viewer', members: ['user:someone@example.com'] };

const clientAt = (address: string) =>
  new PubSub({ projectId: PROJECT, apiEndpoint: address, emulatorMode: true });

/** Creates a schema with three revisions (one then deleted) and policies on a topic and the schema. */
async function makeState(pubsub: PubSub) {
  const sc = await pubsub.getSchemaClient();
  const schema = await pubsub.createSchema('kept-schema', SchemaTypes.Avro, AVRO('a'));
  const name = await schema.getName();
  await sc.commitSchema({ name, schema: { name, type: 'AVRO', definition: AVRO('b') } });
  const [third] = await sc.commitSchema({ name, schema: { name, type: 'AVRO', definition: AVRO('c') } });
  const [revs] = await sc.listSchemaRevisions({ name });
  await sc.deleteSchemaRevision({ name: `${name}@${revs[1]!.revisionId}` });
  const [topic] = await pubsub.createTopic({
    name: 'kept-topic',
    schemaSettings: { schema: name, encoding: 'JSON' },
  });
  const [topicPolicy] = await topic.iam.setPolicy({ bindings: [binding] });
  const [schemaPolicy] = await sc.setIamPolicy({ resource: name, policy: { bindings: [binding] } } as never);
  expect(third.revisionId).toBe(revs[0]!.revisionId);
  return { name, topicPolicy, schemaEtag: Buffer.from(schemaPolicy.etag as Uint8Array).toString('base64') };
}

async function expectState(pubsub: PubSub, made: Awaited<ReturnType<typeof makeState>>) {
  const sc = await pubsub.getSchemaClient();
  const [revs] = await sc.listSchemaRevisions({ name: made.name, view: 'FULL' });
  expect(revs.map((r) => r.definition)).toEqual([AVRO('c'), AVRO('a')]);
  const [meta] = await pubsub.topic('kept-topic').getMetadata();
  expect(meta.schemaSettings).toMatchObject({ schema: made.name, encoding: 'JSON' });
  const [topicPolicy] = await pubsub.topic('kept-topic').iam.getPolicy();
  expect(topicPolicy.bindings).toEqual([expect.objectContaining(binding)]);
  expect(Buffer.from(topicPolicy.etag as Uint8Array)).toEqual(
    Buffer.from(made.topicPolicy.etag as Uint8Array),
  );
  const [schemaPolicy] = await sc.getIamPolicy({ resource: made.name } as never);
  expect(Buffer.from(schemaPolicy.etag as Uint8Array).toString('base64')).toBe(made.schemaEtag);
  // The restored schema still validates messages (it was compiled again on load).
  await sc.validateMessage({
    parent: `projects/${PROJECT}`,
    name: made.name,
    message: Buffer.from(JSON.stringify({ c: 'x' })),
    encoding: 'JSON',
  });
}

describe('schemas and IAM policies with --data-dir', () => {
  it('come back after a clean restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pubsub-schemas-'));
    try {
      let made: Awaited<ReturnType<typeof makeState>>;
      {
        await using emu = await startEmulator({ dataDir });
        const pubsub = clientAt(emu.address);
        made = await makeState(pubsub);
        await pubsub.close();
      }
      await using emu = await startEmulator({ dataDir });
      const pubsub = clientAt(emu.address);
      await expectState(pubsub, made);
      await pubsub.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('come back after a SIGKILL right after the replies', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pubsub-schemas-kill-'));
    const start = () =>
      startDevkit(['start', 'pubsub', '--port', '0', '--project', PROJECT, '--data-dir', dataDir]);
    let devkit: ReadyDevkit | undefined;
    try {
      devkit = await start();
      let pubsub = clientAt(devkit.env.PUBSUB_EMULATOR_HOST!);
      const made = await makeState(pubsub);
      devkit.child.kill('SIGKILL');
      await devkit.exited;
      await pubsub.close();
      devkit = await start();
      pubsub = clientAt(devkit.env.PUBSUB_EMULATOR_HOST!);
      await expectState(pubsub, made);
      await pubsub.close();
    } finally {
      if (devkit && devkit.child.exitCode === null && devkit.child.signalCode === null) {
        devkit.child.kill('SIGKILL');
        await devkit.exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

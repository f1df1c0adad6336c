// Export subscriptions, ingestion topics and message transforms are not simulated: the official
// client gets UNIMPLEMENTED (REST: 501) and nothing is created, instead of a silent pull resource.
import type { CreateSubscriptionOptions } from '@google-cloud/pubsub';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { client, PROJECT, rest, startEmulator, uid } from './helpers.ts';

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as { code?: number; details?: string };
  }
  throw new Error('expected the call to fail');
};

describe('fields the emulator does not simulate', () => {
  it('refuses BigQuery, Cloud Storage and Bigtable subscriptions and message transforms', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const cases: [string, CreateSubscriptionOptions][] = [
      ['bigquery_config', { bigqueryConfig: { table: 'p.d.t' } }],
      ['cloud_storage_config', { cloudStorageConfig: { bucket: 'b' } }],
      ['bigtable_config', { bigtableConfig: { table: 'projects/p/instances/i/tables/t' } }],
      ['message_transforms', { messageTransforms: [{ javascriptUdf: { functionName: 'f', code: 'x' } }] }],
    ];
    for (const [field, options] of cases) {
      const name = uid('s');
      const err = await failure(topic.createSubscription(name, options));
      expect(err.code, field).toBe(grpc.status.UNIMPLEMENTED);
      expect(err.details).toContain(`Subscription.${field} is not implemented`);
      const [exists] = await pubsub.subscription(name).exists();
      expect(exists, field).toBe(false);
    }
    const [plain] = await topic.createSubscription(uid('s'));
    const err = await failure(plain.setMetadata({ bigqueryConfig: { table: 'p.d.t' } }));
    expect(err.code).toBe(grpc.status.UNIMPLEMENTED);
    const [meta] = await plain.getMetadata();
    expect(meta.bigqueryConfig).toBeNull();
    await pubsub.close();
  });

  it('refuses ingestion topics and topic message transforms, over gRPC and REST', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const name = uid('t');
    const err = await failure(
      pubsub.createTopic({
        name,
        ingestionDataSourceSettings: { cloudStorage: { bucket: 'b', textFormat: {} } },
      }),
    );
    expect(err.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(err.details).toContain('Topic.ingestion_data_source_settings is not implemented');
    const [exists] = await pubsub.topic(name).exists();
    expect(exists).toBe(false);

    const res = await rest(emu, `projects/${PROJECT}/topics/${name}`, {
      method: 'PUT',
      body: { messageTransforms: [{ javascriptUdf: { functionName: 'f', code: 'x' } }] },
    });
    expect(res.status).toBe(501);
    const body = (await res.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe('UNIMPLEMENTED');
    expect(body.error.message).toContain('Topic.message_transforms is not implemented');
    expect((await rest(emu, `projects/${PROJECT}/topics/${name}`)).status).toBe(404);
    await pubsub.close();
  });
});

describe('push endpoints', () => {
  it('refuses an endpoint that is not an http(s) URL with INVALID_ARGUMENT, as Google does', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    for (const pushEndpoint of ['not a url', 'ftp://127.0.0.1/x', '/relative/path']) {
      const name = uid('s');
      const err = await failure(topic.createSubscription(name, { pushConfig: { pushEndpoint } }));
      expect(err.code, pushEndpoint).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err.details).toContain(`Invalid push endpoint given (endpoint=${pushEndpoint})`);
      expect((await pubsub.subscription(name).exists())[0]).toBe(false);
    }
    const [sub] = await topic.createSubscription(uid('s'));
    const err = await failure(sub.modifyPushConfig({ pushEndpoint: 'nope' }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [meta] = await sub.getMetadata();
    expect(meta.pushConfig?.pushEndpoint ?? '').toBe('');
    await pubsub.close();
  });
});

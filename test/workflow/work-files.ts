// Work for the pipeline under test: uploads, duplicate notifications, and the processed versions.
import type { Storage } from '@google-cloud/storage';
import type { WorkflowFixture } from './fixture.ts';

/** Uploads `count` work files `f-000.txt`..., each containing the token; returns their unit keys. */
export async function uploadWork(storage: Storage, bucket: string, count: number, token = '---SVN---') {
  const units: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `f-${String(i).padStart(3, '0')}.txt`;
    const file = storage.bucket(bucket).file(name);
    await file.save(`file ${i} rev ${token} end`, { resumable: false });
    const [metadata] = await file.getMetadata();
    units.push(`${bucket}/${name}#${metadata.generation}`);
  }
  return units;
}

/** Every version of every object in a (versioned) bucket: name → generations. */
export async function versions(storage: Storage, bucket: string): Promise<Map<string, string[]>> {
  const [files] = await storage.bucket(bucket).getFiles({ versions: true });
  const byName = new Map<string, string[]>();
  for (const f of files) byName.set(f.name, [...(byName.get(f.name) ?? []), String(f.metadata.generation)]);
  return byName;
}

/** Publishes a copy of a unit's OBJECT_FINALIZE notification to `available`, as the bucket would. */
export async function publishDuplicate(fx: WorkflowFixture, unitKey: string): Promise<void> {
  const [, bucketId, objectId, objectGeneration] = /^([^/]+)\/(.+)#(\d+)$/.exec(unitKey)!;
  await fx.pubsub.topic(fx.names.available).publishMessage({
    data: Buffer.from(JSON.stringify({ kind: 'storage#object', bucket: bucketId, name: objectId })),
    attributes: {
      bucketId: bucketId!,
      objectId: objectId!,
      objectGeneration: objectGeneration!,
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
    },
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

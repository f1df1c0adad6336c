// Rendering stored records as GCS JSON API resources (numbers as strings, RFC 3339 times).
import { locationType } from '../service/bucket-placement.ts';
import type { BucketRecord, NotificationRecord, ObjectRecord } from '../service/records.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const enc = encodeURIComponent;

export function objectEtag(o: ObjectRecord): string {
  return Buffer.from(`${o.generation}/${o.metageneration}`).toString('base64');
}

export function objectResource(o: ObjectRecord, baseUrl: string): Record<string, unknown> {
  const name = enc(o.name);
  const created = iso(o.created);
  const out: Record<string, unknown> = {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${o.bucket}/o/${name}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${o.bucket}/o/${name}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    metageneration: String(o.metageneration),
    storageClass: o.storageClass,
    size: String(o.size),
    crc32c: o.crc32c,
    etag: objectEtag(o),
    timeCreated: created,
    updated: o.updated === o.created ? created : iso(o.updated),
    timeStorageClassUpdated: created,
    timeFinalized: created,
  };
  if (o.md5Hash) out.md5Hash = o.md5Hash;
  // A composed object has no contentType unless the request gave one (GCS does not invent one);
  // uploads without one are application/octet-stream.
  if (o.contentType !== undefined) out.contentType = o.contentType;
  else if (o.componentCount === undefined) out.contentType = 'application/octet-stream';
  if (o.componentCount !== undefined) out.componentCount = o.componentCount;
  if (o.temporaryHold) out.temporaryHold = true;
  if (o.eventBasedHold) out.eventBasedHold = true;
  if (o.retention) out.retention = o.retention;
  if (o.customerEncryption) out.customerEncryption = o.customerEncryption;
  if (o.deleted !== undefined) out.timeDeleted = iso(o.deleted);
  if (o.softDeleted !== undefined) out.softDeleteTime = iso(o.softDeleted);
  if (o.hardDelete !== undefined) out.hardDeleteTime = iso(o.hardDelete);
  for (const key of [
    'contentEncoding',
    'contentDisposition',
    'contentLanguage',
    'cacheControl',
    'customTime',
  ] as const) {
    if (o[key] !== undefined) out[key] = o[key];
  }
  if (o.metadata && Object.keys(o.metadata).length > 0) out.metadata = o.metadata;
  return out;
}

export function bucketResource(b: BucketRecord, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...b.extra,
    kind: 'storage#bucket',
    id: b.name,
    selfLink: `${baseUrl}/storage/v1/b/${b.name}`,
    projectNumber: '0',
    name: b.name,
    timeCreated: iso(b.created),
    updated: iso(b.updated),
    metageneration: String(b.metageneration),
    location: b.location,
    locationType: locationType(b.location, b.extra),
    storageClass: b.storageClass,
    etag: Buffer.from(`${b.name}/${b.metageneration}`).toString('base64'),
    versioning: { enabled: b.versioning },
    iamConfiguration: b.extra?.iamConfiguration ?? {
      bucketPolicyOnly: { enabled: false },
      uniformBucketLevelAccess: { enabled: false },
      publicAccessPrevention: 'inherited',
    },
  };
  if (Object.keys(b.labels).length > 0) out.labels = b.labels;
  return out;
}

export function notificationResource(n: NotificationRecord, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: 'storage#notification',
    id: n.id,
    selfLink: `${baseUrl}/storage/v1/b/${n.bucket}/notificationConfigs/${n.id}`,
    topic: `//pubsub.googleapis.com/${n.topic}`,
    payload_format: n.payloadFormat,
    etag: n.etag,
  };
  if (n.eventTypes.length > 0) out.event_types = n.eventTypes;
  if (Object.keys(n.customAttributes).length > 0) out.custom_attributes = n.customAttributes;
  if (n.objectNamePrefix) out.object_name_prefix = n.objectNamePrefix;
  return out;
}

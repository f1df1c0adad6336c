// The stored shapes of buckets, object generations and notification configs: plain data that
// both backends persist, and from which the JSON API resources are rendered.

export interface BucketRecord {
  name: string;
  project: string;
  /** epoch ms */
  created: number;
  updated: number;
  metageneration: number;
  versioning: boolean;
  labels: Record<string, string>;
  storageClass: string;
  location: string;
  /** Stored-and-returned settings the emulator does not act on (lifecycle, cors, ...). */
  extra?: Record<string, unknown>;
  /** The bucket's IAM policy once one was set (else the default owner/viewer policy). */
  iam?: IamPolicyRecord;
  /** Fine-grained ACLs once set (else `projectPrivate`). */
  acl?: AclEntry[];
  defaultObjectAcl?: AclEntry[];
  /** Managed folders by name (a path ending in `/`). */
  managedFolders?: Record<string, ManagedFolderRecord>;
}

export interface ManagedFolderRecord {
  /** epoch ms */
  created: number;
  updated: number;
  metageneration: number;
}

export interface AclEntry {
  entity: string;
  role: string;
}

export interface IamPolicyRecord {
  version: number;
  bindings: { role: string; members: string[]; condition?: unknown }[];
  /** bumped by every setIamPolicy; the etag is derived from it */
  revision: number;
}

/** Writable object metadata (what uploads, patch and update set). */
export interface ObjectMetadataFields {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  customTime?: string;
  metadata?: Record<string, string>;
  /** Object retention (buckets with object retention enabled only). */
  retention?: ObjectRetention;
  /**
   * Set from a write's `x-goog-encryption-*` headers (never from a JSON body); only the key's
   * hash is kept, as in GCS. The bytes themselves are stored unencrypted.
   */
  customerEncryption?: CustomerEncryption;
}

/** A customer-supplied encryption key as GCS records it: the algorithm and the key's SHA-256. */
export interface CustomerEncryption {
  encryptionAlgorithm: 'AES256';
  /** base64 of the SHA-256 of the raw 32-byte key */
  keySha256: string;
}

export interface ObjectRetention {
  mode: 'Unlocked' | 'Locked';
  /** RFC 3339 */
  retainUntilTime: string;
}

/** One generation of an object; `live` is false for noncurrent (archived) generations. */
export interface ObjectRecord extends ObjectMetadataFields {
  bucket: string;
  name: string;
  generation: number;
  metageneration: number;
  size: number;
  crc32c: string;
  /** Absent for composite objects, as in GCS. */
  md5Hash?: string;
  componentCount?: number;
  blobId: string;
  storageClass: string;
  created: number;
  updated: number;
  live: boolean;
  /** When the generation became noncurrent. */
  deleted?: number;
  temporaryHold?: boolean;
  eventBasedHold?: boolean;
  /** The object's ACL once set (else its bucket's default object ACL). */
  acl?: AclEntry[];
  /** Soft delete: when this generation was soft-deleted, and when it goes for good (epoch ms). */
  softDeleted?: number;
  hardDelete?: number;
}

export type EventType = 'OBJECT_FINALIZE' | 'OBJECT_METADATA_UPDATE' | 'OBJECT_DELETE' | 'OBJECT_ARCHIVE';
export const EVENT_TYPES: readonly EventType[] = [
  'OBJECT_FINALIZE',
  'OBJECT_METADATA_UPDATE',
  'OBJECT_DELETE',
  'OBJECT_ARCHIVE',
];

export type PayloadFormat = 'JSON_API_V1' | 'NONE';

export interface NotificationRecord {
  id: string;
  bucket: string;
  /** Canonical `projects/P/topics/T`. */
  topic: string;
  eventTypes: EventType[];
  customAttributes: Record<string, string>;
  payloadFormat: PayloadFormat;
  objectNamePrefix?: string;
  etag: string;
}

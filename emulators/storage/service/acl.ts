// Fine-grained ACLs: entries (entity + role) on buckets (`acl`, `defaultObjectAcl`) and objects,
// the predefined ACLs GCS expands, a new object's ACL and owner, and the checks GCS makes (entity
// and role forms, uniform bucket-level access → 400, public entities under enforced public access
// prevention → 412).
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { AclEntry, BucketRecord, ObjectRecord } from './records.ts';

export type AclKind = 'bucket' | 'defaultObject' | 'object';

const ENTITY =
  /^(allUsers|allAuthenticatedUsers|(user|group)-.+|domain-.+|project-(owners|editors|viewers)-.+)$/;
const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

export function uniformAccess(b: BucketRecord): boolean {
  const iam = b.extra?.iamConfiguration as { uniformBucketLevelAccess?: { enabled?: boolean } } | undefined;
  return iam?.uniformBucketLevelAccess?.enabled === true;
}

export function publicAccessPrevented(b: BucketRecord): boolean {
  return (
    (b.extra?.iamConfiguration as { publicAccessPrevention?: string } | undefined)?.publicAccessPrevention ===
    'enforced'
  );
}

/** GCS's 400 for an ACL call or predefined ACL on a bucket with uniform bucket-level access. */
export function refuseIfUniform(b: BucketRecord, kind: string): void {
  if (!uniformAccess(b)) return;
  throw invalidArgument(
    `Cannot use the ${kind} ACL API: uniform bucket-level access is enabled on this bucket (use IAM).`,
    { reason: 'invalid' },
  );
}

/** 412 as GCS answers making data public in a bucket with public access prevention enforced. */
export function refuseIfPublic(b: BucketRecord, entries: AclEntry[]): void {
  if (!publicAccessPrevented(b) || !entries.some((e) => PUBLIC.has(e.entity))) return;
  throw new DevkitError(
    'FAILED_PRECONDITION',
    'Public access prevention is enforced on this bucket: the request would make data public.',
    { httpStatus: 412, reason: 'conditionNotMet' },
  );
}

/** A checked entry from a request body (role upper-cased as GCS stores it). */
export function readEntry(kind: AclKind, body: Record<string, unknown>, entity?: string): AclEntry {
  const e = entity ?? body.entity;
  if (typeof e !== 'string' || !ENTITY.test(e)) {
    throw invalidArgument(`Invalid value for entity: '${String(e).slice(0, 100)}'.`, { reason: 'invalid' });
  }
  const role = typeof body.role === 'string' ? body.role.toUpperCase() : undefined;
  const roles = kind === 'bucket' ? ['OWNER', 'WRITER', 'READER'] : ['OWNER', 'READER'];
  if (!role || !roles.includes(role)) {
    throw invalidArgument(`Invalid value for role: '${String(body.role).slice(0, 40)}'.`, {
      reason: 'invalid',
    });
  }
  return { entity: e, role };
}

const team = (project: string, t: string, role: string): AclEntry => ({
  entity: `project-${t}-${project}`,
  role,
});

/**
 * The entries a predefined ACL stands for; 400 for a name GCS does not know (for `kind`). Every
 * object predefined ACL gives the object owner OWNER (JSON API objects.insert `predefinedAcl`): a
 * new object's `owner` entity comes first; a default object ACL, which has no owner yet, ends with
 * `project-owners` as OWNER instead (the Go client's emulated suite counts it; its live-GCS suite
 * expects the public entry first).
 */
export function predefinedAcl(kind: AclKind, name: string, project: string, owner?: string): AclEntry[] {
  const owners = team(project, 'owners', 'OWNER');
  const projectTeam = [owners, team(project, 'editors', 'OWNER'), team(project, 'viewers', 'READER')];
  const table: Record<string, AclEntry[]> =
    kind === 'bucket'
      ? {
          private: [owners],
          projectPrivate: projectTeam,
          publicRead: [owners, { entity: 'allUsers', role: 'READER' }],
          publicReadWrite: [owners, { entity: 'allUsers', role: 'WRITER' }],
          authenticatedRead: [owners, { entity: 'allAuthenticatedUsers', role: 'READER' }],
        }
      : {
          private: [],
          projectPrivate: projectTeam,
          publicRead: [{ entity: 'allUsers', role: 'READER' }],
          authenticatedRead: [{ entity: 'allAuthenticatedUsers', role: 'READER' }],
          bucketOwnerRead: [team(project, 'owners', 'READER')],
          bucketOwnerFullControl: [owners],
        };
  const out = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!out) {
    throw invalidArgument(`Invalid value for predefinedAcl: '${name.slice(0, 40)}'.`, { reason: 'invalid' });
  }
  const entries = out.map((e) => ({ ...e }));
  if (kind === 'bucket') return entries;
  if (owner) return withOwner(entries, owner);
  return entries.some((e) => e.entity === owners.entity) ? entries : [...entries, owners];
}

/** The owner's OWNER entry first, then the rest (an entry of the owner's entity is replaced). */
export function withOwner(entries: AclEntry[], owner: string): AclEntry[] {
  return [{ entity: owner, role: 'OWNER' }, ...entries.filter((e) => e.entity !== owner)];
}

/** Inserts or replaces the entry for its entity. */
export function upsert(list: AclEntry[], entry: AclEntry): AclEntry[] {
  return [...list.filter((e) => e.entity !== entry.entity), entry];
}

/** How a new object's ACL is chosen: the predefined ACL a request names, and its uploader. */
export interface NewObjectAccess {
  predefinedAcl?: string;
  /** The uploader's entity (`user-<email>`); default: the project owner stand-in. */
  owner?: string;
}

/**
 * The uploader when a request carries no identity of ours: every caller acts as the project owner,
 * and GCS lists a project owner's upload under the owner's own `user-<email>` entity.
 */
export const defaultOwner = (project: string) => `user-devkit-owner@${project}.iam.gserviceaccount.com`;

/** An object record with its owner's entity, kept beside `acl` (older records have none). */
export type OwnedObject = ObjectRecord & { owner?: string };

export const objectOwner = (o: ObjectRecord, project: string): string =>
  (o as OwnedObject).owner ?? defaultOwner(project);

/**
 * The ACL and owner a new object in `b` gets: the predefined ACL (400 under uniform bucket-level
 * access, 412 when public under enforced prevention) or else the bucket's default object ACL, with
 * the owner's OWNER entry first; no ACL under uniform access.
 */
export function newObjectAcl(
  b: BucketRecord,
  access: NewObjectAccess = {},
): { acl?: AclEntry[]; owner: string } {
  const owner = access.owner ?? defaultOwner(b.project);
  if (access.predefinedAcl === undefined) {
    if (uniformAccess(b)) return { owner };
    const fallback = b.defaultObjectAcl ?? predefinedAcl('object', 'projectPrivate', b.project);
    return { acl: withOwner(fallback, owner), owner };
  }
  refuseIfUniform(b, 'object');
  const acl = predefinedAcl('object', access.predefinedAcl, b.project, owner);
  refuseIfPublic(b, acl);
  return { acl, owner };
}

const CANNED: Record<string, string> = {
  'project-private': 'projectPrivate',
  private: 'private',
  'public-read': 'publicRead',
  'public-read-write': 'publicReadWrite',
  'authenticated-read': 'authenticatedRead',
  'bucket-owner-read': 'bucketOwnerRead',
  'bucket-owner-full-control': 'bucketOwnerFullControl',
};

/**
 * The JSON API name of an XML API canned ACL (`x-goog-acl: public-read` → `publicRead`); a value
 * that is no canned ACL passes through, so `predefinedAcl` refuses it.
 */
export const cannedAcl = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : (CANNED[header] ?? header);

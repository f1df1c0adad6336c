// Fine-grained ACLs: entries (entity + role) on buckets (`acl`, `defaultObjectAcl`) and objects,
// the predefined ACLs GCS expands, and the checks GCS makes (entity and role forms, uniform
// bucket-level access → 400, public entities under enforced public access prevention → 412).
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { AclEntry, BucketRecord } from './records.ts';

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

/** The entries a predefined ACL stands for; 400 for a name GCS does not know (for `kind`). */
export function predefinedAcl(kind: AclKind, name: string, project: string): AclEntry[] {
  const owners = team(project, 'owners', 'OWNER');
  const table: Record<string, AclEntry[]> = {
    private: [owners],
    projectPrivate: [owners, team(project, 'editors', 'OWNER'), team(project, 'viewers', 'READER')],
    publicRead: [owners, { entity: 'allUsers', role: 'READER' }],
    authenticatedRead: [owners, { entity: 'allAuthenticatedUsers', role: 'READER' }],
  };
  if (kind === 'bucket') table.publicReadWrite = [owners, { entity: 'allUsers', role: 'WRITER' }];
  else {
    table.bucketOwnerRead = [team(project, 'owners', 'READER')];
    table.bucketOwnerFullControl = [owners];
  }
  const out = table[name];
  if (!out) throw invalidArgument(`Invalid value for predefinedAcl: '${name.slice(0, 40)}'.`);
  return out.map((e) => ({ ...e }));
}

/** Inserts or replaces the entry for its entity. */
export function upsert(list: AclEntry[], entry: AclEntry): AclEntry[] {
  return [...list.filter((e) => e.entity !== entry.entity), entry];
}

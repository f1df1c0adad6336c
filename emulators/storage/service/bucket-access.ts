// A bucket's `iamConfiguration` (uniform bucket-level access, public access prevention) as GCS
// stores and checks it, and the predefined ACLs a bucket insert or patch may name.
import { invalidArgument } from '../../common/index.ts';
import { predefinedAcl, refuseIfPublic, refuseIfUniform } from './acl.ts';
import type { AclEntry, BucketRecord } from './records.ts';

const UBLA_LOCK_MS = 90 * 86_400_000;

interface Switch {
  enabled?: unknown;
  lockedTime?: string;
}

interface IamConfiguration {
  uniformBucketLevelAccess?: Switch;
  bucketPolicyOnly?: Switch;
  publicAccessPrevention?: unknown;
}

const stored = (b: BucketRecord | undefined) => b?.extra?.iamConfiguration as IamConfiguration | undefined;

/**
 * Settles `extra.iamConfiguration` from a create/patch body: uniform access off and prevention
 * `inherited` unless given (`bucketPolicyOnly` is the old name of uniform access; enabling sets
 * `lockedTime` 90 days on); prevention other than `inherited`/`enforced` is 400.
 */
export function settleIamConfiguration(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  body: Record<string, unknown>,
  now: number,
): void {
  const old = stored(before);
  const given = body.iamConfiguration as IamConfiguration | null | undefined;
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) {
    throw invalidArgument('Invalid value for iamConfiguration: expected an object.');
  }
  const sw = given?.uniformBucketLevelAccess ?? given?.bucketPolicyOnly;
  let enabled = old?.uniformBucketLevelAccess?.enabled === true;
  if (sw?.enabled !== undefined) {
    if (typeof sw.enabled !== 'boolean') {
      throw invalidArgument('Invalid value for iamConfiguration.uniformBucketLevelAccess.enabled.');
    }
    enabled = sw.enabled;
  }
  let prevention = (old?.publicAccessPrevention as string | undefined) ?? 'inherited';
  if (given?.publicAccessPrevention !== undefined) {
    const p = String(given.publicAccessPrevention);
    if (p !== 'inherited' && p !== 'enforced' && p !== 'unspecified') {
      throw invalidArgument(
        `Invalid value for iamConfiguration.publicAccessPrevention: '${p.slice(0, 40)}'.`,
      );
    }
    prevention = p === 'unspecified' ? 'inherited' : p;
  }
  const lockedTime = enabled
    ? (old?.uniformBucketLevelAccess?.enabled === true && old.uniformBucketLevelAccess.lockedTime) ||
      new Date(now + UBLA_LOCK_MS).toISOString()
    : undefined;
  const access: Switch = lockedTime ? { enabled, lockedTime } : { enabled };
  extra.iamConfiguration = {
    bucketPolicyOnly: access,
    uniformBucketLevelAccess: access,
    publicAccessPrevention: prevention,
  };
}

/**
 * The bucket with the ACLs of an insert/patch applied: lists from the body win over predefined
 * names from the query; 400 under uniform access, 412 for public entries under prevention.
 */
export function withPredefinedAcls(
  b: BucketRecord,
  given: {
    predefinedAcl?: string;
    predefinedDefaultObjectAcl?: string;
    acl?: AclEntry[];
    defaultObjectAcl?: AclEntry[];
  },
): BucketRecord {
  const next = { ...b };
  const acl = given.acl ?? (given.predefinedAcl && predefinedAcl('bucket', given.predefinedAcl, b.project));
  if (acl) {
    refuseIfUniform(b, 'bucket');
    refuseIfPublic(b, acl);
    next.acl = acl;
  }
  const objects =
    given.defaultObjectAcl ??
    (given.predefinedDefaultObjectAcl &&
      predefinedAcl('object', given.predefinedDefaultObjectAcl, b.project));
  if (objects) {
    refuseIfUniform(b, 'default object');
    refuseIfPublic(b, objects);
    next.defaultObjectAcl = objects;
  }
  return next;
}

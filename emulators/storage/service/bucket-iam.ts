// Bucket IAM policies (buckets.getIamPolicy / setIamPolicy / testIamPermissions), stored on the
// bucket record. A set with a stale etag is 412, as GCS answers it; IAM Conditions need uniform
// bucket-level access (412) and policy version 3, on set and on get (400 below 3).
import { DevkitError, invalidArgument } from '../../common/index.ts';
import { uniformAccess } from './acl.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { preconditionFailed } from './preconditions.ts';
import type { BucketRecord, IamPolicyRecord } from './records.ts';

/** What a new bucket's policy is on GCS: project owners/editors own it, viewers read it. */
function defaultPolicy(b: BucketRecord): IamPolicyRecord {
  return {
    version: 1,
    revision: 0,
    bindings: [
      {
        role: 'roles/storage.legacyBucketOwner',
        members: [`projectEditor:${b.project}`, `projectOwner:${b.project}`],
      },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${b.project}`] },
    ],
  };
}

export const policyEtag = (p: IamPolicyRecord) => Buffer.from(`iam/${p.revision}`).toString('base64');

const hasConditions = (p: IamPolicyRecord) => p.bindings.some((b) => b.condition !== undefined);

/**
 * The bucket's policy. `requestedVersion` is `optionsRequestedPolicyVersion` (default 1): below 3 a
 * policy with conditions cannot be returned, so the request fails, as the JSON API documents.
 */
export async function getBucketPolicy(
  ctx: StorageContext,
  bucket: string,
  requestedVersion = 1,
): Promise<IamPolicyRecord> {
  const b = await requireBucket(ctx, bucket);
  const policy = b.iam ?? defaultPolicy(b);
  if (hasConditions(policy) && requestedVersion < 3) {
    throw invalidArgument(
      'The bucket IAM policy has conditions: optionsRequestedPolicyVersion must be at least 3.',
      { reason: 'invalid' },
    );
  }
  return policy;
}

export function setBucketPolicy(
  ctx: StorageContext,
  bucket: string,
  body: Record<string, unknown>,
): Promise<IamPolicyRecord> {
  const bindings = readBindings(body.bindings);
  return ctx.exclusive(async () => {
    const b = await requireBucket(ctx, bucket);
    const current = b.iam ?? defaultPolicy(b);
    if (typeof body.etag === 'string' && body.etag !== policyEtag(current)) throw preconditionFailed();
    const version = typeof body.version === 'number' ? body.version : 1;
    if (bindings.some((x) => x.condition !== undefined)) {
      if (!uniformAccess(b)) {
        throw new DevkitError(
          'FAILED_PRECONDITION',
          'IAM Conditions can only be used on a bucket with uniform bucket-level access: enable uniform bucket-level access on the bucket first.',
          { httpStatus: 412, reason: 'conditionNotMet' },
        );
      }
      if (version < 3) {
        throw invalidArgument('A policy with IAM Conditions must have a version of at least 3.', {
          reason: 'invalid',
        });
      }
    }
    const next: IamPolicyRecord = { version, bindings, revision: current.revision + 1 };
    await ctx.backend.putBucket({ ...b, iam: next });
    return next;
  });
}

function readBindings(raw: unknown): IamPolicyRecord['bindings'] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidArgument('Invalid policy: bindings must be a list.');
  return raw.map((entry) => {
    const role = entry?.role;
    const members = entry?.members;
    if (typeof role !== 'string' || !role) throw invalidArgument('Invalid policy: a binding needs a role.');
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
      throw invalidArgument(`Invalid policy: members of ${role.slice(0, 100)} must be strings.`);
    }
    const out: IamPolicyRecord['bindings'][number] = { role, members: [...members] };
    if (entry.condition !== undefined) out.condition = entry.condition;
    return out;
  });
}

/** The caller is an owner here: every Cloud Storage permission asked about is granted. */
export async function testBucketPermissions(
  ctx: StorageContext,
  bucket: string,
  permissions: string[],
): Promise<string[]> {
  await requireBucket(ctx, bucket);
  if (permissions.length === 0)
    throw invalidArgument('Required parameter: permissions', { reason: 'required' });
  return permissions.filter((p) => p.startsWith('storage.'));
}

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
  const version = readVersion(body.version);
  return ctx.exclusive(async () => {
    const b = await requireBucket(ctx, bucket);
    const current = b.iam ?? defaultPolicy(b);
    if (typeof body.etag === 'string' && body.etag !== policyEtag(current)) throw preconditionFailed();
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

/** IAM's Policy.version: "Valid values are 0, 1, and 3. Requests that specify an invalid value are rejected." */
function readVersion(raw: unknown): number {
  if (raw === undefined || raw === null) return 1;
  const n = typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : raw;
  if (n !== 0 && n !== 1 && n !== 3) {
    throw invalidArgument(
      `Invalid policy version: ${String(raw).slice(0, 40)}. Valid values are 0, 1 and 3.`,
    );
  }
  return n === 0 ? 1 : n;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;
/** IAM's member forms (Policy.Binding.members); anything else is refused, as GCS refuses it. */
const MEMBER_PREFIXES: [string, (rest: string) => boolean][] = [
  ['user:', (r) => EMAIL.test(r)],
  ['serviceAccount:', (r) => EMAIL.test(r)],
  ['group:', (r) => EMAIL.test(r)],
  ['domain:', (r) => /^[A-Za-z0-9.-]+$/.test(r)],
  ['projectOwner:', (r) => r.length > 0],
  ['projectEditor:', (r) => r.length > 0],
  ['projectViewer:', (r) => r.length > 0],
  ['principal://', (r) => r.length > 0],
  ['principalSet://', (r) => r.length > 0],
  ['deleted:', (r) => r.length > 0],
];

const validMember = (m: string) =>
  m === 'allUsers' ||
  m === 'allAuthenticatedUsers' ||
  MEMBER_PREFIXES.some(([prefix, ok]) => m.startsWith(prefix) && ok(m.slice(prefix.length)));

/** Predefined (`roles/…`) or custom (`projects/…/roles/…`, `organizations/…/roles/…`) role names. */
const validRole = (r: string) => /^(roles|(projects|organizations)\/[^/]+\/roles)\/[A-Za-z0-9_.]+$/.test(r);

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
    if (!validRole(role)) throw invalidArgument(`Role ${role.slice(0, 100)} is not a valid role name.`);
    const bad = (members as string[]).find((m) => !validMember(m));
    if (bad !== undefined)
      throw invalidArgument(`Invalid argument: member ${bad.slice(0, 100)} is not valid.`);
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

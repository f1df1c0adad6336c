// buckets.getIamPolicy / setIamPolicy / testIamPermissions and projects.serviceAccount.get over HTTP.
import {
  getBucketPolicy,
  policyEtag,
  setBucketPolicy,
  testBucketPermissions,
} from '../service/bucket-iam.ts';
import { parseInteger } from '../service/preconditions.ts';
import type { IamPolicyRecord } from '../service/records.ts';
import type { ApiRequest } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import { json, type Reply } from './reply.ts';

function policyResource(bucket: string, p: IamPolicyRecord): Record<string, unknown> {
  return {
    kind: 'storage#policy',
    resourceId: `projects/_/buckets/${bucket}`,
    version: p.version,
    etag: policyEtag(p),
    bindings: p.bindings,
  };
}

export async function getIamHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const raw = req.query.get('optionsRequestedPolicyVersion');
  const requested = raw ? parseInteger(raw, 'optionsRequestedPolicyVersion') : 1;
  return json(policyResource(bucket, await getBucketPolicy(env.ctx, bucket, requested)));
}

export async function setIamHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  return json(policyResource(bucket, await setBucketPolicy(env.ctx, bucket, await readJsonBody(req))));
}

export async function testIamHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const granted = await testBucketPermissions(env.ctx, bucket, req.query.getAll('permissions'));
  const out: Record<string, unknown> = { kind: 'storage#testIamPermissionsResponse' };
  if (granted.length > 0) out.permissions = granted;
  return json(out);
}

/** The project's Cloud Storage service agent, named as GCS names it (with the project id here). */
export function serviceAccountHandler(_env: HttpEnv, _req: ApiRequest, project: string): Promise<Reply> {
  return Promise.resolve(
    json({
      kind: 'storage#serviceAccount',
      email_address: `service-${project}@gs-project-accounts.iam.gserviceaccount.com`,
    }),
  );
}

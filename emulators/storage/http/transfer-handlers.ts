// copyTo, rewriteTo, compose and moveTo over HTTP.
import { parseInteger, parsePreconditions } from '../service/preconditions.ts';
import { composeObject, copyObject, moveObject, type TransferInput } from '../service/transfers.ts';
import { withAclProjection } from './acl-handlers.ts';
import type { ApiRequest } from './api-request.ts';
import { readJsonBody } from './body.ts';
import { newObjectAccess } from './caller-identity.ts';
import { customerKey, writeKey } from './customer-encryption.ts';
import type { HttpEnv } from './env.ts';
import { generationParam } from './object-handlers.ts';
import { json, type Reply } from './reply.ts';
import { objectResource } from './resources.ts';

interface Names {
  srcBucket: string;
  srcName: string;
  destBucket: string;
  destName: string;
}

async function transferInput(env: HttpEnv, req: ApiRequest, n: Names): Promise<TransferInput> {
  const destKey = writeKey(req, 'destinationKmsKeyName');
  return {
    source: { bucket: n.srcBucket, name: n.srcName, generation: generationParam(req, 'sourceGeneration') },
    dest: { bucket: n.destBucket, name: n.destName },
    sourcePre: parsePreconditions(req.query, 'ifSource'),
    destPre: parsePreconditions(req.query),
    body: await readJsonBody(req),
    access: await newObjectAccess(env, req, 'destinationPredefinedAcl'),
    sourceKey: customerKey(req, 'x-goog-copy-source-encryption-'),
    destKey,
  };
}

export async function copyHandler(env: HttpEnv, req: ApiRequest, n: Names): Promise<Reply> {
  const rec = await copyObject(env.ctx, await transferInput(env, req, n));
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

export async function rewriteHandler(env: HttpEnv, req: ApiRequest, n: Names): Promise<Reply> {
  const max = req.query.get('maxBytesRewrittenPerCall');
  const result = await env.rewrites.rewrite(
    env.ctx,
    await transferInput(env, req, n),
    max ? parseInteger(max, 'maxBytesRewrittenPerCall') : undefined,
    req.query.get('rewriteToken') || undefined,
  );
  const out: Record<string, unknown> = {
    kind: 'storage#rewriteResponse',
    totalBytesRewritten: String(result.totalBytesRewritten),
    objectSize: String(result.objectSize),
    done: result.done,
  };
  if (result.rewriteToken) out.rewriteToken = result.rewriteToken;
  if (result.resource) {
    out.resource = await withAclProjection(
      env,
      req,
      objectResource(result.resource, req.baseUrl),
      result.resource,
    );
  }
  return json(out);
}

export async function composeHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  const key = writeKey(req, 'destinationKmsKeyName');
  const body = await readJsonBody(req);
  const destination = (body.destination ?? {}) as Record<string, unknown>;
  const rec = await composeObject(
    env.ctx,
    bucket,
    name,
    { sourceObjects: body.sourceObjects, destination },
    parsePreconditions(req.query),
    await newObjectAccess(env, req, 'destinationPredefinedAcl'),
    key,
  );
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

export async function moveHandler(env: HttpEnv, req: ApiRequest, n: Names): Promise<Reply> {
  const rec = await moveObject(env.ctx, await transferInput(env, req, n));
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

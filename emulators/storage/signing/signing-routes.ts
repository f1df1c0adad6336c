// The router's signing hook: key minting/registration (`/_devkit/identity/…`), the local token
// endpoint and issuer paths, POST policy forms, the check in front of every signed URL, and the
// session URIs signed resumable uploads hand out.
import { exchangeAssertion, IDENTITY_PATHS, startedIssuerOf, TOKEN_PATH } from '../../identity/index.ts';
import { type ApiRequest, decodePart } from '../http/api-request.ts';
import { parseJsonObject, readSmallBody } from '../http/body.ts';
import { downloadObject } from '../http/download-handler.ts';
import type { HttpEnv } from '../http/env.ts';
import { json, type Reply } from '../http/reply.ts';
import { isPolicyUpload, postPolicyUpload } from './post-policy.ts';
import { isSignedUrl, verifySignedUrl } from './verify-url.ts';
import { deleteXmlObject, putXmlObject } from './xml-object.ts';
import {
  isResumableStart,
  isXmlSessionRequest,
  startXmlResumable,
  xmlSessionRequest,
} from './xml-resumable.ts';

export const KEYS_ADMIN = '/_devkit/identity/service-account-keys';
const ISSUER_PATHS: readonly string[] = Object.values(IDENTITY_PATHS);

/**
 * The reply for a request this hook owns, or undefined (synchronously, so unsigned requests pay
 * no extra tick) to route it as usual: a signed GET/HEAD whose signature holds goes on to the read.
 */
export function routeSigning(env: HttpEnv, req: ApiRequest): Promise<Reply> | undefined {
  if (req.surface === 'json' && req.path.startsWith('/_devkit/identity/')) return keysAdmin(env, req);
  if (req.surface === 'json' && req.path === TOKEN_PATH && req.method === 'POST') return token(env, req);
  if (req.surface === 'json' && ISSUER_PATHS.includes(req.path)) return issuerPath(env, req);
  if (isPolicyUpload(req)) return postPolicyUpload(env, req);
  // The session URI of a signed resumable upload carries no signature of its own (Google's page).
  if (isXmlSessionRequest(req)) return xmlSessionRequest(env, req);
  if (!isSignedUrl(req)) return undefined;
  const refused = verifySignedUrl(env.signing, req, env.ctx.clock.now());
  if (refused) return Promise.resolve(refused);
  // A signed XML multipart call (part, complete, abort, listings) goes on to its own routes.
  if (req.query.has('uploadId') || req.query.has('uploads')) return undefined;
  const m = /^\/([^/]+)\/(.+)$/.exec(req.path);
  if (m && req.method === 'PUT') return putXmlObject(env, req, decodePart(m[1]!), decodePart(m[2]!));
  if (m && isResumableStart(req)) return startXmlResumable(env, req, decodePart(m[1]!), decodePart(m[2]!));
  if (m && req.method === 'DELETE') return deleteXmlObject(env, decodePart(m[1]!), decodePart(m[2]!));
  const overrides = responseOverrides(req);
  if (m && (req.method === 'GET' || req.method === 'HEAD') && overrides) {
    return downloadObject(env, req, decodePart(m[1]!), decodePart(m[2]!)).then((reply) => ({
      ...reply,
      headers: { ...reply.headers, ...overrides },
    }));
  }
  return undefined;
}

/** `response-content-type` / `response-content-disposition`: the XML API's reply header overrides. */
function responseOverrides(req: ApiRequest): Record<string, string> | undefined {
  const type = req.query.get('response-content-type');
  const disposition = req.query.get('response-content-disposition');
  if (type === null && disposition === null) return undefined;
  return {
    ...(type !== null ? { 'content-type': type } : {}),
    ...(disposition !== null ? { 'content-disposition': disposition } : {}),
  };
}

async function keysAdmin(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  if (req.method !== 'POST') return json({ error: { code: 405, message: 'Use POST.' } }, 405);
  const body = parseJsonObject(await readSmallBody(req, 64 * 1024));
  if (req.path === KEYS_ADMIN) {
    const file = await env.signing.keys.mint({
      email: typeof body.email === 'string' ? body.email : undefined,
      project: typeof body.project === 'string' ? body.project : env.ctx.project,
      tokenUri: `${req.baseUrl}${TOKEN_PATH}`,
    });
    return json(file);
  }
  if (req.path === `${KEYS_ADMIN}:register`) return json(env.signing.keys.register(body));
  return json({ error: { code: 404, message: `Not Found: ${req.path.slice(0, 200)}` } }, 404);
}

async function token(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const form = new URLSearchParams((await readSmallBody(req, 64 * 1024)).toString('utf8'));
  const answer = await exchangeAssertion(
    form,
    env.signing.keys,
    env.signing.identity,
    Math.floor(Date.now() / 1000),
  );
  return json(answer.body, answer.status, { 'cache-control': 'no-store' });
}

async function issuerPath(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const issuer = await startedIssuerOf(env.signing.identity)?.();
  if (!issuer) return json({ error: 'not_found', error_description: 'No token issuer here.' }, 404);
  const body = req.method === 'POST' ? (await readSmallBody(req, 64 * 1024)).toString('utf8') : '';
  const answer = issuer.handle({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: { authorization: req.header('authorization') },
    body,
    baseUrl: req.baseUrl,
  });
  if (!answer) return json({ error: 'not_found' }, 404);
  const bytes = Buffer.from(answer.body);
  return {
    status: answer.status,
    headers: { ...answer.headers, 'content-length': bytes.length },
    body: bytes,
  };
}

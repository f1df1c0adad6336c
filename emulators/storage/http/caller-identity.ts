// Who is calling: the email of an `Authorization: Bearer` token the emulator's own issuer handed
// out (its token endpoint's access or ID tokens), read through the issuer's tokeninfo.
import { IDENTITY_PATHS, startedIssuerOf } from '../../identity/index.ts';
import type { NewObjectAccess } from '../service/acl.ts';
import type { ApiRequest } from './api-request.ts';
import type { HttpEnv } from './env.ts';

const ACCESS_TOKEN = /^ya29\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The caller's email, or undefined without a token of ours (no header, someone else's token, an
 * expired or altered one). Tokens of another shape never start the issuer (its key is lazy).
 */
export async function callerEmail(env: HttpEnv, req: ApiRequest): Promise<string | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  if (!token) return undefined;
  const param = ACCESS_TOKEN.test(token) ? 'access_token' : JWT.test(token) ? 'id_token' : undefined;
  const started = startedIssuerOf(env.signing.identity);
  if (!param || !started) return undefined;
  const answer = (await started()).handle({
    method: 'GET',
    path: IDENTITY_PATHS.tokeninfo,
    query: new URLSearchParams({ [param]: token }),
    headers: {},
    body: '',
    baseUrl: req.baseUrl,
  });
  if (answer?.status !== 200) return undefined;
  const email = (JSON.parse(answer.body) as { email?: unknown }).email;
  return typeof email === 'string' && email ? email : undefined;
}

/** A create request's ACL choice: the named predefined ACL (query `param`) and its uploader. */
export async function newObjectAccess(
  env: HttpEnv,
  req: ApiRequest,
  param: 'predefinedAcl' | 'destinationPredefinedAcl',
): Promise<NewObjectAccess> {
  const email = await callerEmail(env, req);
  return {
    predefinedAcl: req.query.get(param) || undefined,
    owner: email ? `user-${email}` : undefined,
  };
}

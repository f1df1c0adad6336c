// HTTP entity-tag conditions as GCS honours them on object reads (metadata and media):
// If-Match names no current tag → 412; If-None-Match names the current tag → 304 Not Modified.
import { preconditionFailed } from '../service/preconditions.ts';
import type { ApiRequest } from './api-request.ts';

/** Whether a `*` or comma-separated list of (quoted or bare, weak or strong) tags names `etag`. */
export function etagListHas(list: string, etag: string): boolean {
  const want = etag.replace(/^"|"$/g, '');
  return list.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '').replace(/^"|"$/g, '') === want;
  });
}

/** Throws 412 when If-Match fails; true when If-None-Match matches (the reply is a 304). */
export function etagNotModified(req: ApiRequest, etag: string): boolean {
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined && !etagListHas(ifMatch, etag)) throw preconditionFailed();
  const ifNoneMatch = req.header('if-none-match');
  return ifNoneMatch !== undefined && etagListHas(ifNoneMatch, etag);
}

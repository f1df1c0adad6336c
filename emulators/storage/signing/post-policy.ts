// V4 POST policy uploads (HTML form POST to `/BUCKET` or `/`): the signature over the base64
// policy, its expiration, its conditions, then the object write and the success_action_* reply.
import { DevkitError } from '../../common/index.ts';
import type { ApiRequest } from '../http/api-request.ts';
import { readSmallBody } from '../http/body.ts';
import type { HttpEnv } from '../http/env.ts';
import type { Reply } from '../http/reply.ts';
import { requireBucket } from '../service/buckets.ts';
import { finalizeObject } from '../service/objects.ts';
import type { ObjectMetadataFields } from '../service/records.ts';
import { escapeXml } from '../xml/multipart-xml.ts';
import { type FormUpload, formBoundary, parseFormData } from './form-data.ts';
import { checkConditions } from './policy-conditions.ts';
import { parseCredential, parseGoogDate, signatureValid } from './verify-url.ts';
import { badSigningArgument, SIGNATURE_MISMATCH, xmlError } from './xml-error.ts';
import { xmlWriteHeaders } from './xml-object.ts';

/** Form bodies are read whole: POST policy uploads are browser-sized, capped at 64 MiB here. */
// The key's placeholder for the file part's own name.
const FILENAME = ['$', '{filename}'].join('');

export const MAX_FORM_BYTES = 64 * 1024 * 1024;

export const isPolicyUpload = (req: ApiRequest) =>
  req.method === 'POST' &&
  req.surface === 'json' &&
  /^\/(?:[^/]+\/?)?$/.test(req.path) &&
  !req.raw.url?.startsWith('/storage/v1/') && // XML paths only, never the JSON API's `/b`
  !!formBoundary(req.header('content-type'));

const FIELD_HEADERS: [string, keyof ObjectMetadataFields][] = [
  ['content-type', 'contentType'],
  ['cache-control', 'cacheControl'],
  ['content-disposition', 'contentDisposition'],
  ['content-encoding', 'contentEncoding'],
  ['content-language', 'contentLanguage'],
];

// The `x-goog-` form fields of Google's "POST Object" page; any other one is refused (400), as GCS
// refuses the Python and PHP clients' `x-goog-random` in their system tests.
const XGOOG_FIELDS = new Set([
  'x-goog-algorithm',
  'x-goog-credential',
  'x-goog-date',
  'x-goog-signature',
  'x-goog-custom-time',
]);
const unknownXGoogField = (fields: Map<string, string>) =>
  [...fields.keys()].find(
    (k) => k.startsWith('x-goog-') && !k.startsWith('x-goog-meta-') && !XGOOG_FIELDS.has(k),
  );

export async function postPolicyUpload(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  let form: FormUpload;
  try {
    form = parseFormData(await readSmallBody(req, MAX_FORM_BYTES), formBoundary(req.header('content-type'))!);
  } catch (err) {
    // An unreadable form is answered in the XML API's error form, like every other POST policy error.
    if (!(err instanceof DevkitError)) throw err;
    if (err.details.httpStatus === 413) return xmlError(413, 'EntityTooLarge', err.message);
    return badSigningArgument(err.message);
  }
  const fields = new Map([...form.fields].map(([k, v]) => [k.toLowerCase(), v]));
  const encoded = fields.get('policy') ?? '';
  let policy: { expiration?: unknown; conditions?: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return badSigningArgument('The policy field is not base64-encoded JSON.');
  }
  const unknown = unknownXGoogField(fields);
  if (unknown)
    return badSigningArgument(`Invalid argument: the form field '${unknown}' is not one GCS takes.`);
  const algorithm = fields.get('x-goog-algorithm') ?? '';
  const credential = parseCredential(fields.get('x-goog-credential') ?? '');
  if (!credential || !['GOOG4-RSA-SHA256', 'GOOG4-HMAC-SHA256'].includes(algorithm)) {
    return badSigningArgument('x-goog-algorithm or x-goog-credential is missing or malformed.');
  }
  if (Number.isNaN(parseGoogDate(fields.get('x-goog-date') ?? '')))
    return badSigningArgument('x-goog-date is malformed.');
  if (!signatureValid(env.signing, algorithm, credential, encoded, fields.get('x-goog-signature') ?? '')) {
    return xmlError(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, { StringToSign: encoded });
  }
  const expiration = Date.parse(String(policy.expiration));
  if (Number.isNaN(expiration)) return badSigningArgument('The policy has no valid expiration.');
  if (env.ctx.clock.now() > expiration)
    return xmlError(400, 'ExpiredToken', 'Invalid argument.', { Details: 'Policy expired.' });
  if (!form.file) return badSigningArgument('The form has no file field.');
  const pathBucket = /^\/([^/]+)/.exec(req.path)?.[1];
  const bucketCondition = policy.conditions?.find((c) => c && typeof c === 'object' && 'bucket' in c) as
    | { bucket: string }
    | undefined;
  const bucket = pathBucket
    ? decodeURIComponent(pathBucket)
    : (fields.get('bucket') ?? bucketCondition?.bucket);
  if (!bucket) return badSigningArgument('No bucket: POST to /BUCKET or give a bucket field.');
  const key = (fields.get('key') ?? '').replaceAll(FILENAME, form.file.filename ?? '');
  // Conditions see the key as the form sent it, before `{filename}` is substituted.
  fields.set('bucket', bucket);
  const failure = checkConditions(policy.conditions, fields, form.file.data.length);
  if (failure) return xmlError(failure.code === 'AccessDenied' ? 403 : 400, failure.code, failure.message);
  if (!key) return badSigningArgument('The form has no key field.');
  await requireBucket(env.ctx, bucket);
  const meta: ObjectMetadataFields = {};
  for (const [field, prop] of FIELD_HEADERS) {
    const value = fields.get(field);
    if (value) (meta as Record<string, string>)[prop] = value;
  }
  if (!meta.contentType && form.file.contentType) meta.contentType = form.file.contentType;
  const custom = [...fields].filter(([k]) => k.startsWith('x-goog-meta-'));
  if (custom.length) meta.metadata = Object.fromEntries(custom.map(([k, v]) => [k.slice(12), v]));
  const blob = await env.ctx.backend.writeBlob(
    (async function* () {
      yield form.file!.data;
    })(),
  );
  const rec = await finalizeObject(env.ctx, { bucket, name: key, blob, fields: meta, pre: {} });
  return successReply(req, fields, rec, bucket, key);
}

function successReply(
  req: ApiRequest,
  fields: Map<string, string>,
  rec: Parameters<typeof xmlWriteHeaders>[0],
  bucket: string,
  key: string,
): Reply {
  const headers = xmlWriteHeaders(rec);
  const redirect = fields.get('success_action_redirect');
  if (redirect) {
    const target = new URL(redirect);
    target.searchParams.set('bucket', bucket);
    target.searchParams.set('key', key);
    target.searchParams.set('etag', String(headers.etag));
    return { status: 303, headers: { ...headers, location: target.toString() } };
  }
  const status = Number(fields.get('success_action_status') ?? 204);
  if (status === 200 || status === 201) {
    const location = `${req.baseUrl}/${bucket}/${encodeURIComponent(key)}`;
    const body = Buffer.from(
      `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${escapeXml(location)}</Location><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${headers.etag}</ETag></PostResponse>`,
    );
    if (status === 200) return { status, headers: { ...headers, 'content-length': 0 } };
    return {
      status,
      body,
      headers: { ...headers, location, 'content-type': 'application/xml', 'content-length': body.length },
    };
  }
  return {
    status: 204,
    headers: { ...headers, location: `${req.baseUrl}/${bucket}/${encodeURIComponent(key)}` },
  };
}

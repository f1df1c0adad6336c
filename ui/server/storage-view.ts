// Cloud Storage for the dashboard, over the emulator's JSON API: buckets, an object browser with
// prefixes and generations, notification configs, download and upload.
import { invalidArgument } from '../../emulators/common/index.ts';
import { type Backends, callEmulator, callJson } from './backends.ts';

const enc = encodeURIComponent;

const required = (value: string | null, what: string): string => {
  if (!value) throw invalidArgument(`${what} is required`);
  return value;
};

export async function storageOverview(b: Backends) {
  const res = await callJson<{ items?: Array<Record<string, unknown>> }>(
    b.storage,
    `/storage/v1/b?project=${enc(b.project)}&maxResults=1000`,
  );
  return { buckets: res.items ?? [] };
}

/** One level of a bucket: `prefixes` (folders) and `items`, every generation when versions=true. */
export function listObjects(b: Backends, query: URLSearchParams) {
  const bucket = required(query.get('bucket'), 'bucket');
  const params = new URLSearchParams({
    delimiter: '/',
    prefix: query.get('prefix') ?? '',
    maxResults: '500',
  });
  if (query.get('versions') === 'true') params.set('versions', 'true');
  return callJson(b.storage, `/storage/v1/b/${enc(bucket)}/o?${params}`);
}

export function notificationConfigs(b: Backends, query: URLSearchParams) {
  const bucket = required(query.get('bucket'), 'bucket');
  return callJson(b.storage, `/storage/v1/b/${enc(bucket)}/notificationConfigs`);
}

export async function download(b: Backends, query: URLSearchParams) {
  const bucket = required(query.get('bucket'), 'bucket');
  const object = required(query.get('object'), 'object');
  const generation = query.get('generation');
  const path = `/storage/v1/b/${enc(bucket)}/o/${enc(object)}?alt=media${generation ? `&generation=${enc(generation)}` : ''}`;
  const { bytes, contentType } = await callEmulator(b.storage, path);
  return {
    bytes,
    contentType: contentType || 'application/octet-stream',
    name: object.split('/').pop() ?? object,
  };
}

export function upload(b: Backends, query: URLSearchParams, body: Buffer, contentType: string) {
  const bucket = required(query.get('bucket'), 'bucket');
  const object = required(query.get('object'), 'object');
  const path = `/upload/storage/v1/b/${enc(bucket)}/o?uploadType=media&name=${enc(object)}`;
  return callJson(b.storage, path, {
    method: 'POST',
    body,
    contentType: contentType || 'application/octet-stream',
  });
}

// Reading small JSON request bodies with a size cap; anything malformed is a 400.
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { ApiRequest } from './api-request.ts';

const MAX_JSON = 4 * 1024 * 1024;

/** Reads at most `limit` bytes; larger bodies are 413-ish (reported as 400 like GCS). */
export async function readSmallBody(req: ApiRequest, limit = MAX_JSON): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed on a throw: the error reply then drops the rest and the client can read it.
  for await (const chunk of req.raw.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new DevkitError('INVALID_ARGUMENT', `Request body larger than ${limit} bytes.`, {
        httpStatus: 413,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The request's JSON object body; an empty body is `{}`. */
export async function readJsonBody(req: ApiRequest): Promise<Record<string, unknown>> {
  return parseJsonObject(await readSmallBody(req));
}

export function parseJsonObject(buf: Buffer): Record<string, unknown> {
  const text = buf.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`Invalid JSON payload received. ${(err as Error).message}`, {
      reason: 'parseError',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument('Invalid JSON payload received: expected an object.', { reason: 'parseError' });
  }
  return value as Record<string, unknown>;
}

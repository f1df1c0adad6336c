// Any failure of an XML API request as GCS's XML error body: codes the multipart store names
// itself (`NoSuchUpload`, `InvalidPart`, …) pass through, domain errors map by HTTP status.
import { DevkitError } from '../../common/index.ts';
import { toGcsError } from '../http/gcs-error.ts';
import type { Reply } from '../http/reply.ts';
import { xmlError } from '../signing/xml-error.ts';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'InvalidArgument',
  401: 'AuthenticationRequired',
  403: 'AccessDenied',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'EntityTooLarge',
  429: 'SlowDown',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

export function xmlFailureReply(err: unknown): Reply {
  const wire = toGcsError(err);
  const message = wire.body.error.message;
  const reason = err instanceof DevkitError ? err.details.reason : undefined;
  // Our XML codes are PascalCase; JSON API reasons (`notFound`, `invalid`) are camelCase.
  if (reason && /^[A-Z]/.test(reason)) return xmlError(wire.status, reason, message);
  if (wire.status === 404) {
    return /bucket/i.test(message)
      ? xmlError(404, 'NoSuchBucket', 'The specified bucket does not exist.')
      : xmlError(404, 'NoSuchKey', message);
  }
  return xmlError(wire.status, CODE_BY_STATUS[wire.status] ?? 'InternalError', message);
}

/** Runs `handle`, answering any failure in XML instead of the JSON API's error body. */
export async function asXml(handle: () => Promise<Reply>): Promise<Reply> {
  try {
    return await handle();
  } catch (err) {
    return xmlFailureReply(err);
  }
}

// GCS's XML API error bodies (`<Error><Code>…</Code><Message>…</Message>…</Error>`), the form
// signed URL and POST policy requests are answered with, instead of the JSON API's.
import type { Reply } from '../http/reply.ts';
import { escapeXml } from '../xml/multipart-xml.ts';

export function xmlError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Reply {
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const body = Buffer.from(
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}</Error>`,
  );
  return {
    status,
    body,
    headers: { 'content-type': 'application/xml; charset=UTF-8', 'content-length': body.length },
  };
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.';

/** 400 for a malformed or unsupported signing parameter. */
export const badSigningArgument = (details: string) =>
  xmlError(400, 'InvalidArgument', 'Invalid argument.', { Details: details });

// A small buffered multipart/form-data parser for POST policy uploads: text fields by name, and
// the `file` part's bytes, filename and type (GCS requires `file` to be the last field).
import { invalidArgument } from '../../common/index.ts';

export interface FormUpload {
  /** Field names as sent (case kept); the first value of a repeated name wins. */
  fields: Map<string, string>;
  file?: { data: Buffer; filename?: string; contentType?: string };
}

export function formBoundary(contentType: string | undefined): string | undefined {
  return /^multipart\/form-data\s*;(?:.*;)?\s*boundary=("?)([^";]{1,70})\1/i.exec(contentType ?? '')?.[2];
}

export function parseFormData(body: Buffer, boundary: string): FormUpload {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  let file: FormUpload['file'];
  let at = body.indexOf(delimiter);
  if (at < 0) throw invalidArgument('Malformed multipart/form-data body: no boundary.');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    const headEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd);
    if (headEnd < 0 || next < 0) throw invalidArgument('Malformed multipart/form-data body.');
    const head = body.subarray(at, headEnd).toString('utf8');
    const data = body.subarray(headEnd + 4, next);
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw invalidArgument('Malformed multipart/form-data part: no name.');
    if (name === 'file') {
      file = {
        data,
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim(),
      };
    } else if (!fields.has(name)) {
      fields.set(name, data.toString('utf8'));
    }
    at = next + 2;
  }
  return { fields, file };
}

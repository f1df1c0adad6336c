// Parsing of the `Content-Range` header of resumable upload PUTs and the `Range` header of
// downloads. Both are strict: malformed headers are rejected instead of guessed at.
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { ByteRange } from '../backend/backend.ts';
import type { UploadRange } from '../service/upload-sessions.ts';

const UPLOAD_RANGE = /^bytes\s+(?:(\*)|(\d{1,16})-(\d{1,16}|\*))\/(\d{1,16}|\*)$/i;

export function parseUploadRange(header: string | undefined): UploadRange | undefined {
  if (header === undefined) return undefined;
  const m = UPLOAD_RANGE.exec(header.trim());
  if (!m) throw invalidArgument(`Invalid Content-Range header '${header}'.`);
  const total = m[4] === '*' ? undefined : Number(m[4]);
  if (m[1]) return { total };
  const start = Number(m[2]);
  const end = m[3] === '*' ? undefined : Number(m[3]);
  if (end !== undefined && end < start) throw invalidArgument(`Invalid Content-Range header '${header}'.`);
  if (end !== undefined && total !== undefined && end >= total) {
    throw invalidArgument(`Content-Range '${header}' ends past the declared object size.`);
  }
  return { start, end, total };
}

const notSatisfiable = (header: string, size: number) =>
  new DevkitError(
    'OUT_OF_RANGE',
    `The requested range '${header}' cannot be satisfied for an object of ${size} bytes.`,
    {
      reason: 'requestedRangeNotSatisfiable',
      httpStatus: 416,
    },
  );

/**
 * The byte range a download `Range` header selects: `undefined` for the whole object, 416 when the
 * header is malformed, asks for several ranges, or lies wholly past the end.
 */
export function parseDownloadRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^bytes=(\d{0,16})-(\d{0,16})$/i.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) throw notSatisfiable(header, size);
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw notSatisfiable(header, size);
    if (size === 0) return undefined;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) throw notSatisfiable(header, size);
  if (start >= size) throw notSatisfiable(header, size);
  return { start, end };
}

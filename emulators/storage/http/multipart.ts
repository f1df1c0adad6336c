// Streaming parser for `multipart/related` uploads: a small JSON metadata part, then the media
// part streamed straight through (only a boundary-sized tail is ever held back).
import { invalidArgument } from '../../common/index.ts';
import { ByteReader } from './byte-reader.ts';

export interface MultipartUpload {
  metadata: Buffer;
  mediaContentType?: string;
  /** Must be consumed; throws 400 if the body ends without its closing boundary. */
  media: AsyncGenerator<Buffer>;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart/related Content-Type, or 400. */
export function multipartBoundary(contentType: string | undefined): string {
  const m = /^multipart\/related\s*;(?:.*;)?\s*boundary=("?)([^";]{1,70})\1\s*(?:;.*)?$/i.exec(
    contentType ?? '',
  );
  if (!m)
    throw invalidArgument(
      `Bad multipart upload: expected multipart/related with a boundary, got '${contentType}'.`,
    );
  return m[2]!;
}

export async function parseMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): Promise<MultipartUpload> {
  const reader = new ByteReader(body);
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  await reader.readUntil(dash, 64 * 1024, 'preamble');
  await readHeaders(reader);
  const metadata = await reader.readUntil(delimiter, 2 * 1024 * 1024, 'metadata part');
  if ((await reader.peek(2)).toString() === '--')
    throw invalidArgument('Bad multipart upload: the media part is missing.');
  const headers = await readHeaders(reader);
  const media = (async function* () {
    yield* reader.streamUntil(delimiter, 'media part');
    if ((await reader.peek(2)).toString() !== '--') {
      throw invalidArgument('Bad multipart upload: expected exactly two parts.');
    }
  })();
  return { metadata, mediaContentType: headers['content-type'], media };
}

/** Reads a part's header block (starting at the CRLF that ends the boundary line). */
async function readHeaders(reader: ByteReader): Promise<Record<string, string>> {
  const start = await reader.peek(2);
  if (start.toString() !== '\r\n') throw invalidArgument('Bad multipart upload: malformed boundary line.');
  let block: Buffer = Buffer.alloc(0);
  if ((await reader.peek(4)).equals(CRLF2)) reader.skip(4);
  else {
    reader.skip(2);
    block = await reader.readUntil(CRLF2, 16 * 1024, 'part headers');
  }
  const out: Record<string, string> = {};
  for (const line of block.toString('utf8').split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return out;
}

// The XML documents of GCS's XML API multipart uploads: the result bodies it answers with and the
// `CompleteMultipartUpload` body it reads. Namespaced like GCS's (S3-compatible) answers.
import { DevkitError } from '../../common/index.ts';
import type { Reply } from '../http/reply.ts';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Anything outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/U+FFFF). */
export const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Text content for any XML this emulator writes. Markup characters become entities; characters
 * XML 1.0 cannot carry at all (not even as references) become U+FFFD, so a document stays
 * well-formed whatever name or parameter it echoes.
 */
export const escapeXml = (s: string) =>
  s.replace(
    new RegExp(`[<>&'"]|${NON_XML_CHAR.source}`, 'gu'),
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? '\uFFFD',
  );

/** A nested element tree: strings are text content, arrays repeat the element. */
export type XmlValue = string | number | boolean | XmlTree | XmlTree[];
export interface XmlTree {
  [element: string]: XmlValue | undefined;
}

function render(tree: XmlTree): string {
  let out = '';
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const inner = typeof item === 'object' ? render(item) : escapeXml(String(item));
      out += `<${name}>${inner}</${name}>`;
    }
  }
  return out;
}

/**
 * A 200 reply whose body is the document `<root xmlns=…>…</root>`. Labelled `text/xml`: the Node
 * client's HTTP layer (gaxios 6) hands an `application/xml` body over as a Blob, which its
 * multipart helper cannot parse, so only a text type lets `uploadFileInChunks` work at all.
 */
export function xmlDocument(root: string, tree: XmlTree, headers: Record<string, string> = {}): Reply {
  const body = Buffer.from(
    `<?xml version='1.0' encoding='UTF-8'?><${root} xmlns="${NS}">${render(tree)}</${root}>`,
  );
  return {
    status: 200,
    body,
    headers: { ...headers, 'content-type': 'text/xml; charset=UTF-8', 'content-length': body.length },
  };
}

export interface RequestedPart {
  partNumber: number;
  /** The ETag as sent, without surrounding quotes. */
  etag: string;
}

const malformed = () =>
  new DevkitError(
    'INVALID_ARGUMENT',
    'The XML you provided was not well-formed or did not validate against our published schema.',
    { httpStatus: 400, reason: 'MalformedXML' },
  );

/** XML 1.0's Char production: a reference to anything else is not well-formed. */
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

const decodeEntities = (s: string) =>
  s.replace(/&(lt|gt|amp|apos|quot|#\d{1,8}|#x[0-9a-fA-F]{1,8});/g, (_, e: string) => {
    if (e[0] !== '#')
      return ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[e]!;
    const code = Number(e[1] === 'x' ? `0${e.slice(1)}` : e.slice(1));
    if (!isXmlChar(code)) throw malformed();
    return String.fromCodePoint(code);
  });

/** Text of the single `<name>` child of `xml` (namespace prefixes allowed), or undefined. */
function child(xml: string, name: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}\\s*>`).exec(xml);
  return m ? decodeEntities(m[1]!.trim()) : undefined;
}

/** The parts a `CompleteMultipartUpload` body lists, in the order given; 400 MalformedXML if unreadable. */
export function parseCompleteBody(text: string): RequestedPart[] {
  const root =
    /<(?:\w+:)?CompleteMultipartUpload(?:\s[^>]*)?>([\s\S]*)<\/(?:\w+:)?CompleteMultipartUpload\s*>/.exec(
      text,
    );
  if (!root) throw malformed();
  const parts: RequestedPart[] = [];
  const body = root[1]!;
  // Each <Part> is matched to the next </Part> found from where it opens: one pass over the body.
  // (A lazy `<Part>([\s\S]*?)</Part>` rescans to the end for every unclosed <Part>: quadratic.)
  const open = /<(?:\w+:)?Part(?:\s[^>]*)?>/g;
  const close = /<\/(?:\w+:)?Part\s*>/g;
  for (let m = open.exec(body); m; m = open.exec(body)) {
    close.lastIndex = open.lastIndex;
    const end = close.exec(body);
    if (!end) throw malformed();
    const content = body.slice(open.lastIndex, end.index);
    open.lastIndex = close.lastIndex;
    const number = child(content, 'PartNumber');
    const etag = child(content, 'ETag');
    if (number === undefined || etag === undefined || !/^\d{1,9}$/.test(number)) throw malformed();
    parts.push({ partNumber: Number(number), etag: etag.replace(/^"(.*)"$/, '$1') });
  }
  if (parts.length === 0) throw malformed();
  return parts;
}

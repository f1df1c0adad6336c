// A parsed request: which API surface it hit (json/upload/download), the path below the
// `/storage/v1` prefix (still percent-encoded), the query, and the base URL for links.
import type { IncomingMessage } from 'node:http';
import { invalidArgument } from '../../common/index.ts';

export type ApiSurface = 'json' | 'upload' | 'download';

export interface ApiRequest {
  method: string;
  surface: ApiSurface;
  /** e.g. `/b/bucket/o/a%2Fb`; undecoded so `/` inside names stays distinguishable */
  path: string;
  query: URLSearchParams;
  raw: IncomingMessage;
  /** `http://host:port` the client used */
  baseUrl: string;
  header(name: string): string | undefined;
  /** Set when the query string holds malformed escapes; the router answers 400. */
  malformed?: string;
}

const PREFIXES: [string, ApiSurface][] = [
  ['/upload/storage/v1', 'upload'],
  ['/download/storage/v1', 'download'],
  ['/storage/v1', 'json'],
];

const HOST = /^[A-Za-z0-9.\-_]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** A target `new URL` would leave as it is: plain path characters, no dot segments, ASCII query. */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(?:\?[\x21-\x22\x24-\x7e]*)?$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|\?|$)/i;

/** Path and query of the request target; the common plain case skips the URL parser. */
function splitTarget(target: string): { pathname: string; search: string; bad: boolean } {
  if (PLAIN_TARGET.test(target) && !DOT_SEGMENT.test(target)) {
    const q = target.indexOf('?');
    return q < 0
      ? { pathname: target, search: '', bad: false }
      : { pathname: target.slice(0, q), search: q === target.length - 1 ? '' : target.slice(q), bad: false };
  }
  try {
    // Only a path is expected; an absolute-form target is read as a path, never as a host.
    const url = new URL(`http://x${target.startsWith('/') ? target : `/${target}`}`);
    return { pathname: url.pathname, search: url.search, bad: false };
  } catch {
    return { pathname: '/', search: '', bad: true };
  }
}

export function parseRequest(raw: IncomingMessage, fallbackBase: string): ApiRequest {
  const { pathname, search, bad: badUrl } = splitTarget(raw.url ?? '/');
  const url = { search, searchParams: new URLSearchParams(search) };
  let path = pathname;
  let surface: ApiSurface = 'json';
  for (const [prefix, s] of PREFIXES) {
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      path = path.slice(prefix.length) || '/';
      surface = s;
      break;
    }
  }
  const host = raw.headers.host;
  // Only a `%` can make decoding fail.
  const malformed = url.search.includes('%')
    ? url.search
        .slice(1)
        .split('&')
        .find((piece) => !decodes(piece.replace(/\+/g, ' ')))
    : undefined;
  return {
    malformed: badUrl
      ? 'Malformed request URL.'
      : malformed === undefined
        ? undefined
        : `Malformed percent-encoding in query '${malformed.slice(0, 200)}'.`,
    method: (raw.method ?? 'GET').toUpperCase(),
    surface,
    path,
    query: url.searchParams,
    raw,
    baseUrl: host && HOST.test(host) ? `http://${host}` : fallbackBase,
    header(name) {
      const v = raw.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(',') : v;
    },
  };
}

/** Percent-decodes one path part; malformed escapes or invalid UTF-8 are 400. */
export function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidArgument(`Malformed percent-encoding in '${part.slice(0, 200)}'.`);
  }
}

function decodes(s: string): boolean {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

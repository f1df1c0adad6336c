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

export function parseRequest(raw: IncomingMessage, fallbackBase: string): ApiRequest {
  let url: URL;
  let badUrl = false;
  try {
    // Only a path is expected; an absolute-form target is read as a path, never as a host.
    url = new URL(`http://x${(raw.url ?? '/').startsWith('/') ? raw.url : `/${raw.url}`}`);
  } catch {
    url = new URL('http://x/');
    badUrl = true;
  }
  let path = url.pathname;
  let surface: ApiSurface = 'json';
  for (const [prefix, s] of PREFIXES) {
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      path = path.slice(prefix.length) || '/';
      surface = s;
      break;
    }
  }
  const host = raw.headers.host;
  const malformed = url.search
    .slice(1)
    .split('&')
    .find((piece) => !decodes(piece.replace(/\+/g, ' ')));
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

// Keeps web pages away from the emulators: a request from a foreign `Origin`, or carrying a `Host`
// that is not this machine's loopback or bind address (DNS rebinding), is refused with 403.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

export interface BrowserGuardOptions {
  /** The address the emulator binds (its `--host`); accepted as `Host` and as an origin's host. */
  bindHost?: string;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);
/** How much of a refused request's body is read and dropped before the connection is cut. */
const REFUSED_BODY_DRAIN_BYTES = 1024 * 1024;
/** Bound on the `Host` values a guard remembers (a client uses one or two; a scan must not grow it). */
const MAX_PASSED_HOSTS = 16;

/** `[::1]` → `::1`, `LocalHost.` → `localhost`. */
function normalize(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (isIP(hostname) === 4) return hostname.startsWith('127.');
  return hostname === '::1' || /^::ffff:127\./.test(hostname);
}

/** The hostname of a `Host` header value (`name:port`, `[v6]:port`), or undefined if malformed. */
function hostnameOf(authority: string): string | undefined {
  try {
    const url = new URL(`http://${authority}`);
    return url.username || url.password || url.pathname !== '/' ? undefined : normalize(url.hostname);
  } catch {
    return undefined;
  }
}

/**
 * Why a request must be refused, or undefined when it may pass. Pure; `headers` are Node's
 * lower-cased request headers. The rule:
 * - `Origin` absent (official clients, curl) passes; otherwise it must be `http(s)://` with a
 *   loopback host (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`) or the bind host, any port.
 * - `Host` absent (HTTP/1.0) passes; otherwise it must name a loopback host or the bind host.
 *   When the bind host is a wildcard (`0.0.0.0`, `::`), any IP literal passes too: a rebinding
 *   page always reaches the port under a DNS name.
 */
export function browserRefusal(
  headers: { origin?: string | string[]; host?: string | string[] },
  options: BrowserGuardOptions = {},
): string | undefined {
  const bind = normalize(options.bindHost ?? '127.0.0.1');
  const wildcard = WILDCARDS.has(bind);
  const ours = (hostname: string) => isLoopback(hostname) || (!wildcard && hostname === bind);
  const { origin, host } = headers;
  if (origin !== undefined) {
    const value = Array.isArray(origin) ? origin.join(',') : origin;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const okScheme = url?.protocol === 'http:' || url?.protocol === 'https:';
    if (!url || !okScheme || !ours(normalize(url.hostname))) {
      return `Origin ${JSON.stringify(value)} is not a loopback origin of this emulator; browser pages from other origins may not call it.`;
    }
  }
  if (host !== undefined) {
    const value = Array.isArray(host) ? host.join(',') : host;
    const hostname = hostnameOf(value);
    const allowed = hostname !== undefined && (ours(hostname) || (wildcard && isIP(hostname) !== 0));
    if (!allowed) {
      return `Host ${JSON.stringify(value)} is not a loopback name or address, nor this emulator's bind host (a DNS-rebinding guard).`;
    }
  }
  return undefined;
}

/**
 * Call first in every HTTP/1 request handler: answers 403 with a JSON error (Google's shape,
 * status PERMISSION_DENIED) and returns true when the request is refused; false lets it pass.
 * A refused CORS preflight (`OPTIONS` from a foreign origin) gets the same 403 and no CORS headers.
 */
export function refuseForeignBrowser(
  req: IncomingMessage,
  res: ServerResponse,
  options: BrowserGuardOptions = {},
): boolean {
  const reason = browserRefusal(req.headers, options);
  if (reason === undefined) return false;
  const body = JSON.stringify({ error: { code: 403, message: reason, status: 'PERMISSION_DENIED' } });
  // The page's body is read and dropped (so the 403 is not lost to a reset), up to a bound.
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > REFUSED_BODY_DRAIN_BYTES) req.socket.destroy();
  });
  res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  return true;
}

/** A request guard made by {@link createBrowserGuard}: true when it refused (and answered) `req`. */
export type BrowserGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * {@link refuseForeignBrowser} for one server, with its verdicts on `Host` remembered: the verdict
 * depends only on `Origin`, `Host` and the bind host, so a `Host` that passed without an `Origin`
 * passes again without the URL parsing (up to 16 values). Requests with an `Origin` are always
 * checked in full and refusals are never remembered. `bindHost` is the server's `--host`, or a
 * getter for it read when a request is checked in full (the bind host must not change once set).
 */
export function createBrowserGuard(bindHost?: string | (() => string | undefined)): BrowserGuard {
  const bind = typeof bindHost === 'function' ? bindHost : () => bindHost;
  const passedHosts = new Set<string>();
  return (req, res) => {
    const { host, origin } = req.headers;
    if (origin === undefined && host !== undefined && passedHosts.has(host)) return false;
    if (refuseForeignBrowser(req, res, { bindHost: bind() })) return true;
    if (origin === undefined && host !== undefined && passedHosts.size < MAX_PASSED_HOSTS) {
      passedHosts.add(host);
    }
    return false;
  };
}

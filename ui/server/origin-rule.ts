// The dashboard's origin rule: the emulators' browser guard (loopback Host, loopback Origin), and
// stricter for its own API: a request that carries an Origin must come from the dashboard's own
// origin, so another local page (another dev server on localhost) cannot drive the stack either.
import type { IncomingHttpHeaders } from 'node:http';
import { browserRefusal } from '../../emulators/common/index.ts';

/** Why `headers` may not reach the dashboard, or undefined. `port` is the dashboard's own port. */
export function uiRefusal(headers: IncomingHttpHeaders, bindHost: string, port: number): string | undefined {
  const refused = browserRefusal(headers, { bindHost });
  if (refused || headers.origin === undefined) return refused;
  let url: URL | undefined;
  try {
    url = new URL(String(headers.origin));
  } catch {
    url = undefined;
  }
  const originPort = url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : -1;
  const host = headers.host ? new URL(`http://${headers.host}`).hostname : '';
  if (!url || originPort !== port || url.hostname !== host) {
    return `Origin ${JSON.stringify(headers.origin)} is not this dashboard's origin; only its own page may call its API.`;
  }
  return undefined;
}

// The fault admin endpoint as a plain function over (method, path, body), so any emulator's HTTP
// adapter can mount it at `/_devkit/faults` and tests can call it without sockets.
import { DevkitError, toDevkitError } from '../common/index.ts';
import type { FaultInjector } from './injector.ts';

export const FAULT_ADMIN_PATH = '/_devkit/faults';

export interface AdminResponse {
  status: number;
  body: unknown;
}

/**
 * GET  /_devkit/faults          → { seed, rules: [...with seen/hits], events: [...last 100] }
 * POST /_devkit/faults          → add one rule (or `{ rules: [...] }`), 200 with the stored rules
 * DELETE /_devkit/faults        → remove every rule
 * DELETE /_devkit/faults/<id>   → remove one rule (404 when unknown)
 */
export function handleFaultAdmin(
  injector: FaultInjector,
  method: string,
  path: string,
  body: string,
): AdminResponse {
  try {
    const rest = path.slice(FAULT_ADMIN_PATH.length).replace(/^\//, '');
    if (method === 'GET' && rest === '') {
      return {
        status: 200,
        body: { seed: injector.seed, rules: injector.list(), events: injector.events.slice(-100) },
      };
    }
    if (method === 'POST' && rest === '') {
      const parsed = parseJson(body);
      const inputs = Array.isArray(parsed?.rules) ? parsed.rules : [parsed];
      return { status: 200, body: { rules: inputs.map((input: unknown) => injector.add(input as never)) } };
    }
    if (method === 'DELETE' && rest === '') {
      injector.clear();
      return { status: 200, body: {} };
    }
    if (method === 'DELETE') {
      const id = decodeURIComponent(rest);
      if (!injector.remove(id)) throw new DevkitError('NOT_FOUND', `no fault rule ${id}`);
      return { status: 200, body: {} };
    }
    throw new DevkitError('NOT_FOUND', `no route ${method} ${path}`);
  } catch (err) {
    const e = toDevkitError(err);
    const status = e.code === 'INVALID_ARGUMENT' ? 400 : e.code === 'NOT_FOUND' ? 404 : 500;
    return { status, body: { error: { code: status, status: e.code, message: e.message } } };
  }
}

function parseJson(body: string): { rules?: unknown[] } | undefined {
  try {
    return JSON.parse(body || 'null');
  } catch {
    throw new DevkitError('INVALID_ARGUMENT', 'fault admin: the body is not valid JSON');
  }
}

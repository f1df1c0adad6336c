// Fault injection at the router: each request is named with its JSON API method id
// (`objects.insert`, ...) and a target (`bucket` or `bucket/object`), then checked against the
// armed rules before its handler runs, so an injected 503 never leaves a change behind and a
// client's retry of it is safe.
import { setTimeout as sleep } from 'node:timers/promises';
import { FAULT_ADMIN_PATH, type FaultInjector, faultError, handleFaultAdmin } from '../../faults/index.ts';
import type { ApiRequest } from './api-request.ts';
import { readSmallBody } from './body.ts';
import { json, type Reply } from './reply.ts';

/** A routed request: which API method it is, what it touches, and how to handle it. */
export interface ApiOperation {
  /** GCS JSON API method id without the `storage.` prefix, e.g. `objects.insert`. */
  method: string;
  /** Bucket name, or `bucket/object` for object methods (what fault rules' `target` matches). */
  target?: string;
  handle: () => Promise<Reply>;
}

/** Throws the rule's error (→ GCS JSON error in reply.ts), or waits out a delay, or does nothing. */
export async function injectFaults(faults: FaultInjector, op: ApiOperation): Promise<void> {
  const query = { service: 'storage' as const, method: op.method, target: op.target };
  const error = faults.check({ ...query, kind: 'error' });
  if (error) throw faultError(error);
  const delay = faults.check({ ...query, kind: 'delay' });
  if (delay && delay.delayMs > 0) await sleep(delay.delayMs);
}

export const isFaultAdmin = (req: ApiRequest): boolean =>
  req.surface === 'json' && (req.path === FAULT_ADMIN_PATH || req.path.startsWith(`${FAULT_ADMIN_PATH}/`));

/** `/_devkit/faults` (list, arm, disarm); never itself subject to faults. */
export async function faultAdmin(faults: FaultInjector, req: ApiRequest): Promise<Reply> {
  const body = req.method === 'POST' ? (await readSmallBody(req)).toString('utf8') : '';
  const answer = handleFaultAdmin(faults, req.method, req.path, body);
  return json(answer.body, answer.status);
}

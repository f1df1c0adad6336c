// The Retry Test API on the Storage port (`POST /retry_test`, `GET|DELETE /retry_test/{id}`,
// `GET /retry_tests`) and the per-request lookup of `x-retry-test-id` / `x-goog-emulator-instructions`.

import type { ApiRequest } from '../http/api-request.ts';
import { readJsonBody } from '../http/body.ts';
import { json, type Reply } from '../http/reply.ts';
import { type Instruction, parseInstruction } from './instructions.ts';
import type { RetryTests } from './retry-tests.ts';

export const isRetryAdmin = (req: ApiRequest): boolean =>
  req.surface === 'json' && (req.path === '/retry_tests' || /^\/retry_test(\/[^/]+)?\/?$/.test(req.path));

export async function retryAdmin(tests: RetryTests, req: ApiRequest): Promise<Reply> {
  const id = /^\/retry_test\/([^/]+)/.exec(req.path)?.[1];
  if (req.path === '/retry_tests' && req.method === 'GET') return json({ retry_test: tests.list() });
  if (id === undefined && req.path.startsWith('/retry_test') && req.method === 'POST') {
    return json(tests.create(await readJsonBody(req)));
  }
  if (id !== undefined && req.method === 'GET') return json(tests.get(id));
  if (id !== undefined && req.method === 'DELETE') {
    tests.delete(id);
    return json({ deleted: id });
  }
  return json(
    { error: { code: 405, message: `Method ${req.method} is not supported for ${req.path}.` } },
    405,
  );
}

/**
 * The instruction for this request: the next one queued for `storage.<method>` in the test named
 * by `x-retry-test-id` (consumed), else the `x-goog-emulator-instructions` header (every request).
 */
export function instructionFor(tests: RetryTests, req: ApiRequest, method: string): Instruction | undefined {
  const id = req.header('x-retry-test-id');
  if (id) {
    const taken = tests.take(id, `storage.${method}`);
    if (taken) return taken;
  }
  const header = req.header('x-goog-emulator-instructions') ?? req.header('x-goog-testbench-instructions');
  return header ? parseInstruction(header.trim()) : undefined;
}

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
 * As in storage-testbench, an upload's `…-after-YK` instruction waits in the queue until the
 * upload's own bytes pass Y KiB: a resumable start (metadata only), a status query and the chunks
 * before Y leave it there; the chunk that crosses Y takes it, with Y counted from that chunk's start.
 */
export function instructionFor(tests: RetryTests, req: ApiRequest, method: string): Instruction | undefined {
  const id = req.header('x-retry-test-id');
  if (id) {
    const next = tests.peek(id, `storage.${method}`);
    if (next) {
      const offset = method === 'objects.insert' ? uploadOffset(next, req) : 0;
      if (offset !== undefined) {
        tests.take(id, `storage.${method}`);
        return 'bytes' in next ? ({ ...next, bytes: Math.max(0, next.bytes - offset) } as Instruction) : next;
      }
    }
  }
  const header = req.header('x-goog-emulator-instructions') ?? req.header('x-goog-testbench-instructions');
  return header ? parseInstruction(header.trim()) : undefined;
}

/** Where this request's body starts in the upload, if `ins` applies to it now; undefined: not yet. */
function uploadOffset(ins: Instruction, req: ApiRequest): number | undefined {
  if ((ins.kind !== 'status-after' && ins.kind !== 'stall') || ins.bytes === 0) return 0;
  const resumableStart = req.query.get('uploadType') === 'resumable' && !req.query.get('upload_id');
  if (resumableStart) return undefined;
  const declared = req.header('content-length');
  const length = declared !== undefined ? Number(declared) : req.header('transfer-encoding') ? Infinity : 0;
  const range = /^bytes (\d+)-\d+\//.exec(req.header('content-range') ?? '');
  const start = req.query.get('upload_id') ? (range ? Number(range[1]) : undefined) : 0;
  if (start === undefined || length === 0 || start + length <= ins.bytes) return undefined;
  return start;
}

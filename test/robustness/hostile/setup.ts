// Shared plumbing for the hostile-input suites: a deadline on every call, raw HTTP/JSON calls that
// report status + body, and the one verdict every case shares (a client error, never a 5xx).
import { expect } from 'vitest';

// The README bounds every answer; the machine is loaded, so 10 s, not the 1 s a quiet box takes.
export const CALL_MS = 10_000;

/** Rejects when `p` has not settled within `ms` (a hang is a failure, not a slow pass). */
export function within<T>(p: Promise<T>, what: string, ms = CALL_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: { error?: { code?: number; status?: string; message?: string } } & Record<string, unknown>;
}

/** One HTTP call with a raw body (a string is sent as is, anything else as JSON), bounded in time. */
export async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body);
  const res = await within(
    fetch(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...init.headers },
      body,
    }),
    `${init.method ?? 'POST'} ${url}`,
  );
  const text = await within(res.text(), `body of ${url}`);
  let json: HttpAnswer['json'] = {};
  try {
    json = JSON.parse(text) as HttpAnswer['json'];
  } catch {
    // Not JSON: the verdict below looks at the status only.
  }
  return { status: res.status, text, json };
}

/** The answer is a 4xx with a message (Google's `{error:{code,message,status}}` when JSON). */
export function expectRefused(a: HttpAnswer, status?: number | number[]) {
  expect(a.status, a.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(a.status, a.text.slice(0, 300)).toBeLessThan(500);
  if (status !== undefined) expect([status].flat(), a.text.slice(0, 300)).toContain(a.status);
  expect(a.text.length).toBeGreaterThan(0);
}

/** A gRPC call that must fail with one of `codes` (numeric grpc status), not hang or INTERNAL. */
export async function expectGrpcCode(p: Promise<unknown>, codes: number | number[], what: string) {
  const err = (await within(
    p.then(
      () => undefined,
      (e: unknown) => e,
    ),
    what,
  )) as { code?: number; details?: string; message?: string } | undefined;
  expect(err, `${what}: expected an error`).toBeDefined();
  expect([codes].flat(), `${what}: ${err?.message}`).toContain(err?.code);
  return err;
}

/** A string of `n` characters, cheap to build. */
export const big = (n: number, ch = 'a') => ch.repeat(n);

/** `depth` levels of nested JSON arrays: `[[[...]]]`. */
export const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

export const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  OUT_OF_RANGE: 11,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
} as const;

// The failure instructions of Google's storage-testbench, parsed into what this emulator does for
// them (HTTP transport only). Unknown or gRPC-only instructions are refused when a test is created.
import { invalidArgument } from '../../common/index.ts';

export type Instruction =
  /** answer with this status before the handler runs */
  | { kind: 'status'; status: number }
  /** after `bytes` of the request body (uploads) or response body (downloads), answer `status` / break */
  | { kind: 'status-after'; status: number; bytes: number }
  | { kind: 'reset' }
  /** send `bytes` of the response body, then cut the connection */
  | { kind: 'broken-stream'; bytes: number }
  | { kind: 'corrupted-data' }
  /** pause `ms` once `bytes` of the response body were sent (before handling, for uploads) */
  | { kind: 'stall'; ms: number; bytes: number }
  /** `x-goog-emulator-instructions` retry counter past which a failure is not repeated */
  | { kind: 'none' };

const K = 1024;

/** `undefined` for an instruction this emulator cannot carry out over HTTP. */
export function parseInstruction(text: string): Instruction | undefined {
  let m = /^return-(\d{3})$/.exec(text);
  if (m) return { kind: 'status', status: Number(m[1]) };
  m = /^return-(\d{3})-after-(\d+)K(?:\/retry-(\d+))?$/.exec(text);
  if (m) {
    if (m[3] !== undefined && Number(m[3]) >= 3) return { kind: 'none' };
    return { kind: 'status-after', status: Number(m[1]), bytes: Number(m[2]) * K };
  }
  if (text === 'return-reset-connection') return { kind: 'reset' };
  // The testbench cuts a plain broken stream after a few bytes (its header form after 1 MiB).
  if (text === 'return-broken-stream') return { kind: 'broken-stream', bytes: 16 };
  m = /^return-broken-stream-after-(\d+)K$/.exec(text);
  if (m) return { kind: 'broken-stream', bytes: Number(m[1]) * K };
  if (text === 'return-corrupted-data') return { kind: 'corrupted-data' };
  if (text === 'stall-always') return { kind: 'stall', ms: 60_000, bytes: 0 };
  if (text === 'stall-at-256KiB') return { kind: 'stall', ms: 60_000, bytes: 256 * K };
  m = /^stall-for-(\d+)s-after-(\d+)K$/.exec(text);
  if (m) return { kind: 'stall', ms: Number(m[1]) * 1000, bytes: Number(m[2]) * K };
  return undefined;
}

/** Like `parseInstruction`, but a 400 naming what cannot be done. */
export function requireInstruction(text: unknown): Instruction {
  const parsed = typeof text === 'string' ? parseInstruction(text) : undefined;
  if (!parsed) {
    throw invalidArgument(
      `Unsupported instruction '${String(text).slice(0, 100)}' (HTTP transport: return-X, return-X-after-YK, return-reset-connection, return-broken-stream[-after-YK], return-corrupted-data, stall-for-Ts-after-YK).`,
    );
  }
  return parsed;
}

// Encodes google.rpc.Status{code, message, details:[Any(ErrorInfo)]} for the
// `grpc-status-details-bin` trailer, the place client libraries read ErrorInfo from.
import type { ErrorDetails } from '../../common/index.ts';

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function field(num: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint((num << 3) | 2), ...varint(payload.length)]), payload]);
}

const text = (num: number, s: string) => field(num, Buffer.from(s, 'utf8'));

/** google.rpc.ErrorInfo: reason = 1, domain = 2, map<string,string> metadata = 3. */
function errorInfo(details: ErrorDetails): Buffer {
  const parts = [text(1, details.reason ?? ''), text(2, details.domain ?? '')];
  for (const [k, v] of Object.entries(details.metadata ?? {})) {
    parts.push(field(3, Buffer.concat([text(1, k), text(2, v)])));
  }
  return Buffer.concat(parts);
}

/** google.rpc.Status bytes carrying one ErrorInfo detail. */
export function encodeStatusDetails(code: number, message: string, details: ErrorDetails): Buffer {
  const any = Buffer.concat([
    text(1, 'type.googleapis.com/google.rpc.ErrorInfo'),
    field(2, errorInfo(details)),
  ]);
  return Buffer.concat([Buffer.from([0x08, ...varint(code)]), text(2, message), field(3, any)]);
}

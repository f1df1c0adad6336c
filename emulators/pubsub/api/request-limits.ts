// Google's size limit on acknowledgement requests: an Acknowledge or ModifyAckDeadline request
// over 512 KiB is refused whole with INVALID_ARGUMENT (the client libraries split theirs, e.g.
// 2,500 ack ids per request); sized as the request's protobuf encoding.
import { invalidArgument } from '../../common/index.ts';

export const MAX_ACK_REQUEST_BYTES = 512 * 1024;

const varintBytes = (n: number) =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
/** One length-delimited field: tag, length, bytes. */
const fieldBytes = (s: string) => {
  const n = Buffer.byteLength(s);
  return 1 + varintBytes(n) + n;
};

/** Throws when the request (subscription, ack ids and a deadline field) is over the limit. */
export function checkAckRequestSize(subscription: string, ackIds: string[]): void {
  let total = fieldBytes(subscription) + 6;
  for (const id of ackIds) {
    total += fieldBytes(id);
    if (total > MAX_ACK_REQUEST_BYTES) {
      throw invalidArgument(`Request payload size exceeds the limit: ${MAX_ACK_REQUEST_BYTES} bytes.`);
    }
  }
}

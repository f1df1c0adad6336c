// Publish limits as Google documents them; each violation is INVALID_ARGUMENT.
import { invalidArgument } from '../../common/index.ts';

export interface PublishInput {
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey: string;
}

export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
export const MAX_MESSAGES_PER_REQUEST = 1000;
const MAX_ATTRIBUTES = 100;
const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 1024;
const MAX_ORDERING_KEY_BYTES = 1024;

/** Throws INVALID_ARGUMENT for the first rule a publish request breaks; returns message sizes. */
export function validatePublish(messages: PublishInput[]): number[] {
  if (messages.length === 0) throw invalidArgument('The request contains no messages.');
  if (messages.length > MAX_MESSAGES_PER_REQUEST) {
    throw invalidArgument(`The number of messages in the request exceeds ${MAX_MESSAGES_PER_REQUEST}.`);
  }
  let total = 0;
  const sizes = messages.map((m, i) => {
    const keys = Object.keys(m.attributes);
    if (m.data.length === 0 && keys.length === 0) {
      throw invalidArgument(
        `Message at index ${i} must contain a non-empty data field or at least one attribute.`,
      );
    }
    if (keys.length > MAX_ATTRIBUTES) {
      throw invalidArgument(`Message at index ${i} has more than ${MAX_ATTRIBUTES} attributes.`);
    }
    let size = m.data.length + Buffer.byteLength(m.orderingKey);
    for (const k of keys) {
      const kb = Buffer.byteLength(k);
      const vb = Buffer.byteLength(m.attributes[k] ?? '');
      if (kb === 0) throw invalidArgument(`Message at index ${i} has an empty attribute key.`);
      if (kb > MAX_KEY_BYTES) {
        throw invalidArgument(
          `Message at index ${i} has an attribute key longer than ${MAX_KEY_BYTES} bytes.`,
        );
      }
      if (vb > MAX_VALUE_BYTES) {
        throw invalidArgument(
          `Message at index ${i} has an attribute value longer than ${MAX_VALUE_BYTES} bytes.`,
        );
      }
      size += kb + vb;
    }
    if (Buffer.byteLength(m.orderingKey) > MAX_ORDERING_KEY_BYTES) {
      throw invalidArgument(
        `Message at index ${i} has an ordering key longer than ${MAX_ORDERING_KEY_BYTES} bytes.`,
      );
    }
    if (m.data.length > MAX_REQUEST_BYTES) {
      throw invalidArgument(
        `Message at index ${i} is larger than the maximum of ${MAX_REQUEST_BYTES} bytes.`,
      );
    }
    total += size;
    return size;
  });
  if (total > MAX_REQUEST_BYTES) {
    throw invalidArgument(`The request is larger than the maximum of ${MAX_REQUEST_BYTES} bytes.`);
  }
  return sizes;
}

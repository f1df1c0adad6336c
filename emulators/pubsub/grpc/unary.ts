// Wraps a protocol-neutral operation as a grpc-js unary handler.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/index.ts';
import type { Op } from '../api/publisher-ops.ts';
import type { PubSubState } from '../state/index.ts';
import { grpcFormat } from '../wire/values.ts';
import { toServiceError } from './errors.ts';

/** Handed to ops that never wait: they answer before a cancellation could matter. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * `waits`: the op may wait (Pull) and must hear of a cancelled call. Only such calls get an
 * AbortController of their own: grpc-js reports `cancelled` at the end of every call, and an
 * abort builds a DOMException with a stack trace, which cost more than Publish itself.
 */
export function unaryHandler(
  state: PubSubState,
  op: Op,
  logger: Logger,
  waits = false,
): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    let signal = NEVER_ABORTED;
    let answered = false;
    if (waits) {
      const abort = new AbortController();
      call.on('cancelled', () => {
        if (!answered) abort.abort();
      });
      signal = abort.signal;
    }
    let result: unknown;
    try {
      result = op(state, call.request as Record<string, unknown>, grpcFormat, signal);
    } catch (err) {
      answered = true;
      callback(toServiceError(err, logger));
      return;
    }
    if (!(result instanceof Promise)) {
      answered = true;
      callback(null, result);
      return;
    }
    result.then(
      (value) => {
        answered = true;
        callback(null, value);
      },
      (err) => {
        answered = true;
        callback(toServiceError(err, logger));
      },
    );
  };
}

// Wraps a protocol-neutral operation as a grpc-js unary handler.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/index.ts';
import type { Op } from '../api/publisher-ops.ts';
import type { PubSubState } from '../state/index.ts';
import { grpcFormat } from '../wire/values.ts';
import { toServiceError } from './errors.ts';

export function unaryHandler(
  state: PubSubState,
  op: Op,
  logger: Logger,
): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    let result: unknown;
    try {
      result = op(state, call.request as Record<string, unknown>, grpcFormat, abort.signal);
    } catch (err) {
      callback(toServiceError(err, logger));
      return;
    }
    Promise.resolve(result).then(
      (value) => callback(null, value),
      (err) => callback(toServiceError(err, logger)),
    );
  };
}

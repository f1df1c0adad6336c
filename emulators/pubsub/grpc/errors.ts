// The gRPC edge of the one domain error: DevkitError → status code, message, and ErrorInfo
// in `grpc-status-details-bin` when the error carries one.
import * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS, type Logger, toDevkitError } from '../../common/index.ts';
import { encodeStatusDetails } from './status-details.ts';

export function toServiceError(err: unknown, logger: Logger): Partial<grpc.ServiceError> {
  const e = toDevkitError(err);
  if (e.code === 'INTERNAL') logger.error('internal error', { error: String(err) });
  const code = GRPC_STATUS[e.code];
  const metadata = new grpc.Metadata();
  if (e.details.reason) {
    metadata.set('grpc-status-details-bin', encodeStatusDetails(code, e.message, e.details));
  }
  return { code, details: e.message, message: e.message, metadata };
}

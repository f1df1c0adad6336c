// The one domain error of the kit: a neutral code that each protocol edge translates
// (gRPC status for Pub/Sub and Scheduler, a GCS JSON error for Storage).

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'ABORTED'
  | 'INTERNAL';

/** Extra detail carried to the wire: an ErrorInfo (gRPC) or GCS error `reason`. */
export interface ErrorDetails {
  /** google.rpc.ErrorInfo reason, e.g. EXACTLY_ONCE_ACKID_FAILURE. */
  reason?: string;
  /** google.rpc.ErrorInfo domain. */
  domain?: string;
  /** google.rpc.ErrorInfo metadata, e.g. ack id → PERMANENT_FAILURE_INVALID_ACK_ID. */
  metadata?: Record<string, string>;
  /** HTTP status override for edges where the code alone is ambiguous (e.g. 412 vs 400). */
  httpStatus?: number;
}

/** Longest message an error carries: input echoed into it (a 100 KB name) must not reach a client. */
export const MAX_ERROR_MESSAGE = 1024;

/**
 * `message` cut to {@link MAX_ERROR_MESSAGE} characters, saying how long it was. A gRPC status
 * message travels in the `grpc-message` trailer: one of 100 KB made the HTTP/2 stream fail
 * (RST_STREAM) or never reach the client.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE) return message;
  let head = message.slice(0, MAX_ERROR_MESSAGE - 40);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}… (${message.length} characters in all)`;
}

export class DevkitError extends Error {
  override readonly name = 'DevkitError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(boundedMessage(message));
  }
}

export const invalidArgument = (message: string, details?: ErrorDetails) =>
  new DevkitError('INVALID_ARGUMENT', message, details);
export const notFound = (message: string, details?: ErrorDetails) =>
  new DevkitError('NOT_FOUND', message, details);
export const alreadyExists = (message: string, details?: ErrorDetails) =>
  new DevkitError('ALREADY_EXISTS', message, details);
export const failedPrecondition = (message: string, details?: ErrorDetails) =>
  new DevkitError('FAILED_PRECONDITION', message, details);

/** gRPC numeric status codes (google.rpc.Code), keyed by our neutral codes. */
export const GRPC_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
};

/** HTTP status that Google's JSON APIs use for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  OUT_OF_RANGE: 400,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  FAILED_PRECONDITION: 400,
  RESOURCE_EXHAUSTED: 429,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** Anything thrown, as a DevkitError: unknown exceptions become INTERNAL without leaking stacks. */
export function toDevkitError(err: unknown): DevkitError {
  if (err instanceof DevkitError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DevkitError('INTERNAL', `internal error: ${message}`);
}

// grpc-js answers two bad requests itself, with codes clients retry: a message over the receive
// limit (RESOURCE_EXHAUSTED; the Pub/Sub client retries Publish for a minute) and bytes that do not
// decode (INTERNAL). Google refuses both at once with INVALID_ARGUMENT; so does this interceptor
// (and the direct Publish path, common/direct-unary.ts, through `googleStatus`).
import * as grpc from '@grpc/grpc-js';

type Status = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

/** The two grpc-js statuses Google answers differently, as Google answers them; others unchanged. */
export function googleStatus<S extends Pick<Status, 'code' | 'details'>>(
  status: S,
  maxRequestBytes: number,
): S {
  const details = status.details ?? '';
  if (status.code === grpc.status.RESOURCE_EXHAUSTED && details.startsWith('Received message')) {
    return {
      ...status,
      code: grpc.status.INVALID_ARGUMENT,
      details: `Request payload size exceeds the limit: ${maxRequestBytes} bytes.`,
    };
  }
  if (status.code === grpc.status.INTERNAL && details.startsWith('Error deserializing request')) {
    return {
      ...status,
      code: grpc.status.INVALID_ARGUMENT,
      details: 'Invalid request: the message body is not a valid protocol buffer of the method.',
    };
  }
  return status;
}

export function googleStatusInterceptor(maxRequestBytes: number): grpc.ServerInterceptor {
  const translate = (status: Status): Status => googleStatus(status, maxRequestBytes);
  return (_method, call) => {
    // grpc-js sends these from inside the innermost call (`this.sendStatus`), below any responder,
    // so the innermost call's own method is the one place that sees them.
    const send = call.sendStatus.bind(call);
    call.sendStatus = (status) => send(translate(status));
    return new grpc.ServerInterceptingCall(call);
  };
}

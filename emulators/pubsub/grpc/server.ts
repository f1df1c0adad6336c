// The gRPC adapter: Publisher and Subscriber over grpc-js, fed by injected HTTP/2 sockets
// (the port is shared with REST, so grpc-js never listens itself).
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { answerUnaryDirectly, createGuardedInjector, type Logger } from '../../common/index.ts';
import type { Op } from '../api/publisher-ops.ts';
import { publisherOps } from '../api/publisher-ops.ts';
import { subscriberOps, WAITING_OPS } from '../api/subscriber-ops.ts';
import type { PubSubFaults } from '../faults/pubsub-faults.ts';
import { iamOps } from '../iam/iam-ops.ts';
import { schemaOps } from '../schemas/schema-ops.ts';
import type { PubSubState } from '../state/index.ts';
import { googleStatus, googleStatusInterceptor } from './google-status.ts';
import { loadPubSubProtos } from './load-protos.ts';
import { streamingPullHandler } from './streaming-pull.ts';
import { unaryHandler } from './unary.ts';

export interface GrpcAdapter {
  inject(socket: Duplex): void;
  stop(): Promise<void>;
}

/** What a Pull or StreamingPull answer may carry. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Google's 10 MiB request limit, the size it names when it refuses a larger request. */
const GOOGLE_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** A little above it, so a request at the limit still reaches validation and gets its message. */
const MAX_RECEIVE_BYTES = GOOGLE_MAX_REQUEST_BYTES + 1024 * 1024;

/**
 * What a client may send before our reads catch up, per stream and per connection: Go gRPC's
 * largest window. At HTTP/2's 64 KiB a 1 MiB Publish batch waited for 16 window updates.
 */
const RECEIVE_WINDOW_BYTES = 16 * 1024 * 1024;

export function createGrpcAdapter(state: PubSubState, logger: Logger, faults: PubSubFaults): GrpcAdapter {
  const defs = loadPubSubProtos();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    interceptors: [googleStatusInterceptor(GOOGLE_MAX_REQUEST_BYTES)],
  });
  const publisher = handlers(defs.publisher, publisherOps, state, logger, faults);
  server.addService(defs.publisher, publisher);
  const subscriber = handlers(defs.subscriber, subscriberOps, state, logger, faults);
  subscriber.StreamingPull = streamingPullHandler(state, logger, faults);
  server.addService(defs.subscriber, subscriber);
  server.addService(defs.schemaService, handlers(defs.schemaService, schemaOps, state, logger, faults));
  server.addService(defs.iamPolicy, handlers(defs.iamPolicy, iamOps, state, logger, faults));
  // Publish, the hottest call, is answered straight from its HTTP/2 stream (same wire behaviour,
  // without grpc-js's per-call objects); the rest through grpc-js.
  const publish = defs.publisher.Publish as grpc.MethodDefinition<unknown, unknown>;
  const direct = new Map([
    [
      publish.path,
      (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) =>
        answerUnaryDirectly(stream, headers, {
          path: publish.path,
          handler: publisher.Publish as grpc.handleUnaryCall<unknown, unknown>,
          deserialize: publish.requestDeserialize,
          serialize: publish.responseSerialize,
          maxReceiveBytes: MAX_RECEIVE_BYTES,
          translate: (status) => googleStatus(status, GOOGLE_MAX_REQUEST_BYTES),
        }),
    ],
  ]);
  // Guarded: a stream the peer resets before it is answered must not throw out of grpc-js.
  const injector = createGuardedInjector(server, grpc.ServerCredentials.createInsecure(), {
    logger,
    direct,
    window: { streamBytes: RECEIVE_WINDOW_BYTES, sessionBytes: RECEIVE_WINDOW_BYTES },
  });
  return {
    inject: (socket) => injector.injectConnection(socket),
    stop: async () => {
      injector.drain(0);
      injector.destroy();
      server.forceShutdown();
    },
  };
}

/** Maps every RPC of a service to its op; methods without one answer UNIMPLEMENTED. */
function handlers(
  def: grpc.ServiceDefinition,
  ops: Record<string, Op>,
  state: PubSubState,
  logger: Logger,
  faults: PubSubFaults,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(def)) {
    const op = ops[key];
    if (op && !method.requestStream && !method.responseStream) {
      impl[key] = unaryHandler(state, faults.wrapOp(key, op), logger, WAITING_OPS.has(key));
    }
  }
  return impl;
}

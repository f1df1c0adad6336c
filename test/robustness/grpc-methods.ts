// Every RPC of a gRPC service, enumerated from the descriptor the official client ships (the same
// one the emulators load), with its request type so tests can craft valid and broken messages.
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

export interface RpcMethod {
  /** `/google.pubsub.v1.Publisher/Publish` */
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestType: protobuf.Type;
}

/** `descriptor` is a protos.json module id; `services` are fully qualified service names. */
export function rpcMethods(descriptor: string, services: string[]): RpcMethod[] {
  const root = protobuf.Root.fromJSON(require(descriptor));
  return services.flatMap((name) => {
    const service = root.lookupService(name);
    return service.methodsArray.map((method) => {
      method.resolve();
      return {
        path: `/${name}/${method.name}`,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestType: method.resolvedRequestType as protobuf.Type,
      };
    });
  });
}

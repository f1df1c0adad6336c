// Every RPC of a gRPC service, enumerated from the descriptor the official client ships (the same
// one the emulators load), with its request type so tests can craft valid and broken messages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/** `<package>/build/protos/protos.json`, found from the package's main file ("exports" may hide it). */
function descriptorOf(pkg: string): unknown {
  const main = require.resolve(pkg);
  const root = main.slice(0, main.lastIndexOf(`${sep}build${sep}`));
  return JSON.parse(readFileSync(join(root, 'build', 'protos', 'protos.json'), 'utf8'));
}

export interface RpcMethod {
  /** `/google.pubsub.v1.Publisher/Publish` */
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestType: protobuf.Type;
}

/** `pkg` is an official client package (`@google-cloud/pubsub`); `services` fully qualified. */
export function rpcMethods(pkg: string, services: string[]): RpcMethod[] {
  const root = protobuf.Root.fromJSON(descriptorOf(pkg) as protobuf.INamespace);
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

// google.cloud.tasks.v2 from the descriptor the official client ships (protos.json in
// @google-cloud/tasks): the gRPC service definition and the message types the JSON codec walks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/** proto-loader's object shape: camelCase, longs and enums as strings, unset fields absent. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: false };

let root: protobuf.Root | undefined;

/** Parsed once per process: the descriptor is immutable. */
export function tasksRoot(): protobuf.Root {
  if (root) return root;
  // The package's "exports" hide protos.json; its main file sits in build/cjs/src.
  const main = require.resolve('@google-cloud/tasks');
  const pkg = main.slice(0, main.lastIndexOf(`${sep}build${sep}`));
  root = protobuf.Root.fromJSON(
    JSON.parse(readFileSync(join(pkg, 'build', 'protos', 'protos.json'), 'utf8')),
  );
  return root;
}

export const tasksType = (name: string) => tasksRoot().lookupType(`google.cloud.tasks.v2.${name}`);

let service: grpc.ServiceDefinition | undefined;

export function cloudTasksService(): grpc.ServiceDefinition {
  service ??= buildService();
  return service;
}

function buildService(): grpc.ServiceDefinition {
  const service = tasksRoot().lookupService('google.cloud.tasks.v2.CloudTasks');
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const req = method.resolvedRequestType as protobuf.Type;
    const res = method.resolvedResponseType as protobuf.Type;
    def[method.name] = {
      path: `/google.cloud.tasks.v2.CloudTasks/${method.name}`,
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
      requestStream: false,
      responseStream: false,
      requestSerialize: (value) => Buffer.from(req.encode(req.fromObject(value as object)).finish()),
      requestDeserialize: (bytes) => req.toObject(req.decode(bytes), TO_OBJECT),
      responseSerialize: (value) => Buffer.from(res.encode(res.fromObject(value as object)).finish()),
      responseDeserialize: (bytes) => res.toObject(res.decode(bytes), TO_OBJECT),
    };
  }
  return def as grpc.ServiceDefinition;
}

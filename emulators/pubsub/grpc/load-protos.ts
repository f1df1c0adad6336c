// google.pubsub.v1 service definitions from the descriptor the official client ships
// (@google-cloud/pubsub/build/protos/protos.json, generated from its .proto files). protobufjs
// builds it in ~20 ms, where proto-loader's per-type descriptors cost ~200 ms of startup.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { decodePublishRequest, encodePublishResponse } from './publish-codec.ts';

const require = createRequire(import.meta.url);

export interface PubSubDefinitions {
  publisher: grpc.ServiceDefinition;
  subscriber: grpc.ServiceDefinition;
  schemaService: grpc.ServiceDefinition;
  /** google.iam.v1.IAMPolicy, from the descriptor google-gax ships (the clients' IAM mixin). */
  iamPolicy: grpc.ServiceDefinition;
}

/** Same object shape proto-loader gives: camelCase, longs and enums as strings, defaults filled. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

let cached: PubSubDefinitions | undefined;

export function loadPubSubProtos(): PubSubDefinitions {
  if (cached) return cached;
  const root = protobuf.Root.fromJSON(require('@google-cloud/pubsub/build/protos/protos.json'));
  cached = {
    publisher: withPublishCodec(serviceDefinition(root.lookupService('google.pubsub.v1.Publisher'))),
    subscriber: serviceDefinition(root.lookupService('google.pubsub.v1.Subscriber')),
    schemaService: serviceDefinition(root.lookupService('google.pubsub.v1.SchemaService')),
    iamPolicy: serviceDefinition(iamRoot().lookupService('google.iam.v1.IAMPolicy')),
  };
  return cached;
}

/** Publish through the hand-written codec; anything it does not handle takes the generic path. */
function withPublishCodec(def: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const method = def.Publish as grpc.MethodDefinition<unknown, unknown>;
  const { requestDeserialize, responseSerialize } = method;
  method.requestDeserialize = (bytes) => decodePublishRequest(bytes) ?? requestDeserialize(bytes);
  method.responseSerialize = (value) => encodePublishResponse(value) ?? responseSerialize(value);
  return def;
}

function iamRoot(): protobuf.Root {
  // google-gax does not export its protos subpath; the file sits beside its build/src.
  const file = path.join(path.dirname(require.resolve('google-gax')), '..', 'protos', 'iam_service.json');
  return protobuf.Root.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
}

function serviceDefinition(service: protobuf.Service): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  const servicePath = service.fullName.replace(/^\./, '');
  for (const method of service.methodsArray) {
    method.resolve();
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    def[method.name] = {
      path: `/${servicePath}/${method.name}`,
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (value) => Buffer.from(req.encode(req.fromObject(value as object)).finish()),
      requestDeserialize: (bytes) => req.toObject(req.decode(bytes), TO_OBJECT),
      responseSerialize: (value) => Buffer.from(res.encode(res.fromObject(value as object)).finish()),
      responseDeserialize: (bytes) => res.toObject(res.decode(bytes), TO_OBJECT),
    };
  }
  return def as grpc.ServiceDefinition;
}

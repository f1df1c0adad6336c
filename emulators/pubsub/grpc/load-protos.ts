// Loads google.pubsub.v1 from the .proto files the official client ships, once per process.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

export interface PubSubDefinitions {
  publisher: grpc.ServiceDefinition;
  subscriber: grpc.ServiceDefinition;
}

let cached: PubSubDefinitions | undefined;

export function loadPubSubProtos(): PubSubDefinitions {
  if (cached) return cached;
  const pubsubRoot = path.join(
    path.dirname(require.resolve('@google-cloud/pubsub/package.json')),
    'build/protos',
  );
  // google-gax exports no package.json; its main is build/src/index.js, protos sit in build/protos.
  const gaxRoot = path.join(path.dirname(require.resolve('google-gax')), '../protos');
  const def = protoLoader.loadSync('google/pubsub/v1/pubsub.proto', {
    includeDirs: [pubsubRoot, gaxRoot],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    google: { pubsub: { v1: Record<string, { service: grpc.ServiceDefinition }> } };
  };
  const v1 = pkg.google.pubsub.v1;
  cached = { publisher: v1.Publisher!.service, subscriber: v1.Subscriber!.service };
  return cached;
}

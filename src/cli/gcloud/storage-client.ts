// A Storage (and, for notification topics, Pub/Sub) client for one storage command.
import type { Storage } from '@google-cloud/storage';
import { createStorage } from '../../clients/index.ts';
import { configFor } from '../output.ts';

export async function withStorage<T>(use: (storage: Storage) => Promise<T>): Promise<T> {
  return use(createStorage(configFor(['storage'])));
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

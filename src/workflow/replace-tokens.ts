// The reference handler (the tutorial's): download the object's generation, replace a token,
// upload `<objectId>.processed` to the processed bucket. The upload is idempotent:
// ifGenerationMatch=0 means "only if absent", and a 412 means a previous attempt already wrote it.
import type { Bucket, Storage } from '@google-cloud/storage';
import type { UnitHandler } from './handler.ts';

export interface ReplaceTokensOptions {
  processedBucket: string;
  /** Literal text to find. Default `---SVN---`. */
  find?: string;
  /** Replacement. Default: empty string. */
  replace?: string;
}

export const outputName = (objectId: string): string => `${objectId}.processed`;

export function replaceTokens(options: ReplaceTokensOptions): UnitHandler {
  const find = options.find ?? '---SVN---';
  const replace = options.replace ?? '';
  if (find === '') throw new Error('replace-tokens: --find must not be empty');
  const bucket = bucketCache();
  return async (unit, ctx) => {
    const source = bucket(ctx.storage, unit.bucket).file(unit.object, { generation: unit.generation });
    const [content] = await source.download();
    ctx.signal.throwIfAborted();
    const output = content.toString('utf8').replaceAll(find, replace);
    // The last moment to find out we lost the unit: after this, the output exists.
    await ctx.assertLease();
    const target = bucket(ctx.storage, options.processedBucket).file(outputName(unit.object));
    try {
      await target.save(output, {
        resumable: false,
        contentType: 'text/plain; charset=utf-8',
        preconditionOpts: { ifGenerationMatch: 0 },
        metadata: { metadata: { unitKey: unit.key, workerId: ctx.workerId } },
      });
      ctx.logger.info('output written', { output: `${options.processedBucket}/${target.name}` });
    } catch (err) {
      if ((err as { code?: number }).code !== 412) throw err;
      ctx.logger.info('output already written (412), treated as success', { output: target.name });
    }
  };
}

/** Bucket handles per client: building one (ACL, IAM, retry config) costs more than the request. */
function bucketCache(): (storage: Storage, name: string) => Bucket {
  const cache = new WeakMap<Storage, Map<string, Bucket>>();
  return (storage, name) => {
    const buckets = cache.get(storage) ?? new Map<string, Bucket>();
    cache.set(storage, buckets);
    const bucket = buckets.get(name) ?? storage.bucket(name);
    buckets.set(name, bucket);
    return bucket;
  };
}

// The work of one unit: read the uploaded object, write its upper-cased copy to the processed
// bucket. The write is idempotent (ifGenerationMatch=0: only if absent), so a retry never doubles it.
import { outputName, type UnitHandler } from 'gcp-devkit';

export function uppercase(processedBucket: string): UnitHandler {
  return async (unit, ctx) => {
    const source = ctx.storage.bucket(unit.bucket).file(unit.object, { generation: unit.generation });
    const [content] = await source.download();
    // Still ours? After this line the output exists.
    await ctx.assertLease();
    const target = ctx.storage.bucket(processedBucket).file(outputName(unit.object));
    try {
      await target.save(content.toString('utf8').toUpperCase(), {
        resumable: false,
        preconditionOpts: { ifGenerationMatch: 0 },
      });
    } catch (err) {
      // 412: an earlier attempt already wrote it.
      if ((err as { code?: number }).code !== 412) throw err;
    }
  };
}

// Where a bucket lives and how it ages, checked as GCS checks them: `location` with its
// `locationType` (multi-region, dual-region, region), dual regions from `customPlacementConfig`,
// `rpo` (ASYNC_TURBO only for dual regions) and `autoclass` (toggleTime set by the service).
import { invalidArgument } from '../../common/index.ts';
import type { BucketRecord } from './records.ts';

const MULTI = new Set(['US', 'EU', 'ASIA']);
/** GCS's predefined dual regions. */
const DUAL = new Set(['NAM4', 'EUR4', 'EUR5', 'EUR7', 'EUR8', 'ASIA1']);

const bad = (m: string) => invalidArgument(m, { reason: 'invalid' });

interface Placement {
  dataLocations?: unknown;
}

/** `multi-region`, `dual-region` or `region`, from the location and its custom placement. */
export function locationType(location: string, extra: Record<string, unknown> | undefined): string {
  if (DUAL.has(location) || (extra?.customPlacementConfig && MULTI.has(location))) return 'dual-region';
  return MULTI.has(location) ? 'multi-region' : 'region';
}

/**
 * Settles `customPlacementConfig`, `rpo` and `autoclass` in `extra` after a create (`before`
 * undefined) or patch; 400 for what GCS refuses (placement changed after creation or outside a
 * multi-region, not two regions; an unknown RPO, ASYNC_TURBO outside a dual region; autoclass
 * with a storage class other than STANDARD or an unknown terminal class).
 */
export function settlePlacement(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  bucket: { location: string; storageClass: string },
  now: number,
): void {
  const placement = extra.customPlacementConfig as Placement | undefined;
  const oldPlacement = before?.extra?.customPlacementConfig;
  if (before && JSON.stringify(placement) !== JSON.stringify(oldPlacement)) {
    throw bad('customPlacementConfig cannot be changed after the bucket is created.');
  }
  if (!before && placement !== undefined) {
    const regions = placement?.dataLocations;
    if (!MULTI.has(bucket.location)) {
      throw bad('customPlacementConfig needs a multi-region location (US, EU or ASIA).');
    }
    if (!Array.isArray(regions) || regions.length !== 2 || regions.some((r) => typeof r !== 'string')) {
      throw bad('customPlacementConfig.dataLocations must name exactly two regions.');
    }
    const upper = regions.map((r: string) => r.toUpperCase());
    if (upper[0] === upper[1] || upper.some((r) => MULTI.has(r) || DUAL.has(r))) {
      throw bad('customPlacementConfig.dataLocations must be two different regions.');
    }
    extra.customPlacementConfig = { dataLocations: upper };
  }
  const type = locationType(bucket.location, extra);
  if (extra.rpo !== undefined) {
    if (extra.rpo !== 'DEFAULT' && extra.rpo !== 'ASYNC_TURBO') {
      throw bad(`Invalid value for rpo: '${String(extra.rpo).slice(0, 40)}'.`);
    }
    if (extra.rpo === 'ASYNC_TURBO' && type !== 'dual-region') {
      throw bad('Turbo replication (rpo ASYNC_TURBO) is only available for dual-region buckets.');
    }
  } else if (type !== 'region') extra.rpo = 'DEFAULT';
  settleAutoclass(before, extra, bucket.storageClass, now);
}

interface Autoclass {
  enabled?: unknown;
  terminalStorageClass?: unknown;
  toggleTime?: string;
  terminalStorageClassUpdateTime?: string;
}

function settleAutoclass(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  storageClass: string,
  now: number,
): void {
  const given = extra.autoclass as Autoclass | undefined;
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || typeof given.enabled !== 'boolean') {
    throw bad('Invalid value for autoclass: enabled must be a boolean.');
  }
  const old = before?.extra?.autoclass as Autoclass | undefined;
  const iso = new Date(now).toISOString();
  const out: Autoclass = {
    enabled: given.enabled,
    toggleTime: old && old.enabled === given.enabled && old.toggleTime ? old.toggleTime : iso,
  };
  if (given.enabled) {
    if (storageClass !== 'STANDARD') {
      throw bad('An Autoclass bucket has the STANDARD storage class; it cannot be set.');
    }
    const terminal = String(given.terminalStorageClass ?? old?.terminalStorageClass ?? 'NEARLINE');
    if (terminal !== 'NEARLINE' && terminal !== 'ARCHIVE') {
      throw bad(`Invalid value for autoclass.terminalStorageClass: '${terminal.slice(0, 40)}'.`);
    }
    out.terminalStorageClass = terminal;
    out.terminalStorageClassUpdateTime =
      old?.terminalStorageClass === terminal && old.terminalStorageClassUpdateTime
        ? old.terminalStorageClassUpdateTime
        : iso;
  }
  extra.autoclass = out;
}

// Bucket `encryption` enforcement configs and `ipFilter`, checked and settled as the JSON API
// Buckets resource documents them. Both are stored and returned, never enforced here.
import { isIP } from 'node:net';
import { invalidArgument } from '../../common/index.ts';
import type { BucketRecord } from './records.ts';

const ENFORCEMENT = [
  'googleManagedEncryptionEnforcementConfig',
  'customerManagedEncryptionEnforcementConfig',
  'customerSuppliedEncryptionEnforcementConfig',
] as const;
const RESTRICTION_MODES = new Set(['NotRestricted', 'FullyRestricted']);

const bad = (m: string) => invalidArgument(m, { reason: 'invalid' });
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface Enforcement {
  restrictionMode?: unknown;
  effectiveTime?: string;
}

/**
 * Settles `extra.encryption` after a create (`before` undefined) or patch/update. A patch merges
 * into the stored value (a `null` member clears it). Each enforcement config needs a known
 * restrictionMode (else 400); a FullyRestricted one gets a server `effectiveTime`, kept while
 * the mode stays the same (GCS reports none for NotRestricted).
 */
export function settleEncryption(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  given: Record<string, unknown>,
  merge: boolean,
  now: number,
): void {
  const old = before?.extra?.encryption as Record<string, unknown> | undefined;
  // Not named: passiveFields already kept it (patch) or dropped it (update).
  if (!('encryption' in given)) return;
  const body = given.encryption;
  if (body === null) {
    delete extra.encryption;
    return;
  }
  if (!isObject(body)) throw bad('Invalid value for encryption: expected an object.');
  const out: Record<string, unknown> = merge && old ? { ...old } : {};
  for (const [key, value] of Object.entries(body)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  for (const key of ENFORCEMENT) {
    if (out[key] === undefined) continue;
    const cfg = out[key] as Enforcement;
    if (!isObject(cfg) || !RESTRICTION_MODES.has(String(cfg.restrictionMode))) {
      throw bad(
        `Invalid value for encryption.${key}.restrictionMode: '${String(isObject(cfg) ? cfg.restrictionMode : cfg).slice(0, 40)}' (NotRestricted or FullyRestricted).`,
      );
    }
    const prev = old?.[key] as Enforcement | undefined;
    const next: Enforcement = { restrictionMode: cfg.restrictionMode };
    if (cfg.restrictionMode === 'FullyRestricted') {
      next.effectiveTime =
        prev?.restrictionMode === cfg.restrictionMode && prev.effectiveTime
          ? prev.effectiveTime
          : new Date(now).toISOString();
    }
    out[key] = next;
  }
  if (Object.keys(out).length === 0) delete extra.encryption;
  else extra.encryption = out;
}

/** True for an IPv4 or IPv6 CIDR range such as `10.0.0.0/8` or `2001:db8::/32`. */
export function isCidr(range: unknown): boolean {
  if (typeof range !== 'string') return false;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(range);
  if (!m) return false;
  const family = isIP(m[1]!);
  const bits = Number(m[2]);
  return family !== 0 && bits <= (family === 4 ? 32 : 128);
}

function ranges(raw: unknown, where: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw bad(`Invalid value for ${where}.allowedIpCidrRanges: expected a list.`);
  for (const r of raw) {
    if (!isCidr(r))
      throw bad(`Invalid CIDR range in ${where}.allowedIpCidrRanges: '${String(r).slice(0, 60)}'.`);
  }
  return [...raw];
}

/**
 * Checks `extra.ipFilter` when the request names it (mode Enabled or Disabled, CIDR syntax,
 * boolean flags, a network per VPC source; else 400) and stores a clean copy. Not enforced.
 */
export function settleIpFilter(extra: Record<string, unknown>, given: Record<string, unknown>): void {
  if (!('ipFilter' in given) || given.ipFilter === null) return;
  const f = given.ipFilter;
  if (!isObject(f)) throw bad('Invalid value for ipFilter: expected an object.');
  if (f.mode !== 'Enabled' && f.mode !== 'Disabled') {
    throw bad(`Invalid value for ipFilter.mode: '${String(f.mode).slice(0, 40)}' (Enabled or Disabled).`);
  }
  const out: Record<string, unknown> = { mode: f.mode };
  for (const flag of ['allowAllServiceAgentAccess', 'allowCrossOrgVpcs'] as const) {
    if (f[flag] === undefined) continue;
    if (typeof f[flag] !== 'boolean') throw bad(`Invalid value for ipFilter.${flag}: expected a boolean.`);
    out[flag] = f[flag];
  }
  if (f.publicNetworkSource !== undefined) {
    const pub = f.publicNetworkSource;
    if (!isObject(pub)) throw bad('Invalid value for ipFilter.publicNetworkSource: expected an object.');
    out.publicNetworkSource = {
      allowedIpCidrRanges: ranges(pub.allowedIpCidrRanges, 'ipFilter.publicNetworkSource'),
    };
  }
  if (f.vpcNetworkSources !== undefined) {
    if (!Array.isArray(f.vpcNetworkSources)) throw bad('Invalid value for ipFilter.vpcNetworkSources.');
    out.vpcNetworkSources = f.vpcNetworkSources.map((src: unknown, i: number) => {
      if (!isObject(src) || typeof src.network !== 'string' || !src.network) {
        throw bad(`Invalid value for ipFilter.vpcNetworkSources[${i}]: a network is required.`);
      }
      return {
        network: src.network,
        allowedIpCidrRanges: ranges(src.allowedIpCidrRanges, `ipFilter.vpcNetworkSources[${i}]`),
      };
    });
  }
  extra.ipFilter = out;
}

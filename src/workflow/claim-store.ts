// The claim protocol over Redis: claim / extend / complete / release, each one Lua script that
// checks the owner token, so a worker that lost its lease can never mark a unit done.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { claimError } from './claim-errors.ts';
import type { WorkflowKeys } from './keys.ts';

/** Reads `lua/<name>.lua` next to this module (the build must copy the .lua files along). */
function script(name: string): string {
  const url = new URL(`./lua/${name}.lua`, import.meta.url);
  try {
    return readFileSync(url, 'utf8');
  } catch (err) {
    throw new Error(
      `workflow Lua script ${name}.lua not found at ${url.pathname} (${(err as Error).message}): ` +
        'a compiled build must copy src/workflow/lua/*.lua next to claim-store.js',
    );
  }
}
const SCRIPTS = {
  claim2: { numberOfKeys: 2, lua: script('claim-2') },
  extend1: { numberOfKeys: 1, lua: script('extend-1') },
  complete2: { numberOfKeys: 2, lua: script('complete-2') },
  release1: { numberOfKeys: 1, lua: script('release-1') },
} as const;
type ScriptName = keyof typeof SCRIPTS;

/** A held lease: who holds it, and the token the scripts compare against. */
export interface Lease {
  readonly unitKey: string;
  readonly owner: string;
  /**
   * `performance.now()` when the last claim or extend that Redis accepted was sent: Redis started
   * the lease's PX countdown no earlier, so only data loss can end it before `confirmedAt + leaseMs`.
   */
  confirmedAt: number;
}

export interface ClaimStore {
  /** Claims `unitKey`; throws AlreadyDoneError or ClaimHeldError when it cannot. */
  claim(unitKey: string, leaseMs: number): Promise<Lease>;
  /** Extends the lease (and moves `confirmedAt`); throws LeaseLostError when it is no longer ours. */
  extend(lease: Lease, leaseMs: number): Promise<void>;
  /** Marks done (TTL `doneTtlMs`) and releases; throws LeaseLostError when it is no longer ours. */
  complete(lease: Lease, doneTtlMs: number): Promise<void>;
  /** Releases the claim; throws LeaseLostError when it is no longer ours. */
  release(lease: Lease): Promise<void>;
  /** Whether the unit is marked done. */
  isDone(unitKey: string): Promise<boolean>;
  /** Whether someone holds a lease on the unit right now. */
  isClaimed(unitKey: string): Promise<boolean>;
}

/** A claim store for one worker (`workerId` is part of every token, for diagnostics). */
export function createClaimStore(redis: Redis, keys: WorkflowKeys, workerId: string): ClaimStore {
  for (const [name, definition] of Object.entries(SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, definition);
  }
  const run = async (name: ScriptName, args: (string | number)[]): Promise<unknown> =>
    (redis as unknown as Record<ScriptName, (...a: (string | number)[]) => Promise<unknown>>)[name](...args);
  const check = (reply: unknown, unitKey: string) => {
    if (reply !== 1) throw claimError(Number(reply), unitKey);
  };

  return {
    async claim(unitKey, leaseMs) {
      const owner = `${workerId}:${randomBytes(8).toString('hex')}`;
      const sent = performance.now();
      const [code, detail] = (await run('claim2', [
        keys.claim(unitKey),
        keys.done(unitKey),
        owner,
        leaseMs,
      ])) as [number, number];
      if (code !== 1) throw claimError(code, unitKey, detail);
      return { unitKey, owner, confirmedAt: sent };
    },
    async extend(lease, leaseMs) {
      const sent = performance.now();
      check(await run('extend1', [keys.claim(lease.unitKey), lease.owner, leaseMs]), lease.unitKey);
      lease.confirmedAt = Math.max(lease.confirmedAt, sent);
    },
    async complete(lease, doneTtlMs) {
      const reply = await run('complete2', [
        keys.claim(lease.unitKey),
        keys.done(lease.unitKey),
        lease.owner,
        doneTtlMs,
      ]);
      check(reply, lease.unitKey);
    },
    async release(lease) {
      check(await run('release1', [keys.claim(lease.unitKey), lease.owner]), lease.unitKey);
    },
    isDone: async (unitKey) => (await redis.exists(keys.done(unitKey))) === 1,
    isClaimed: async (unitKey) => (await redis.exists(keys.claim(unitKey))) === 1,
  };
}

// The lease guard trusts a confirmation from Redis for a moment only; after that it asks Redis.
import { expect, it } from 'vitest';
import type { ClaimStore, Lease } from '../../src/workflow/claim-store.ts';
import { LeaseLostError } from '../../src/workflow/index.ts';
import { confirmLease, freshForMs } from '../../src/workflow/lease-guard.ts';

const fakeStore = (outcome: 'ok' | 'lost' = 'ok') => {
  const extended: number[] = [];
  const store = {
    async extend(lease: Lease, leaseMs: number) {
      extended.push(leaseMs);
      if (outcome === 'lost') throw new LeaseLostError(lease.unitKey);
      lease.confirmedAt = 1000;
    },
  } as unknown as ClaimStore;
  return { store, extended };
};
const lease = (confirmedAt: number): Lease => ({ unitKey: 'b/o#1', owner: 'w:1', confirmedAt });

it('trusts a tenth of the lease, at most 250 ms', () => {
  expect(freshForMs(30_000)).toBe(250);
  expect(freshForMs(2000)).toBe(200);
  expect(freshForMs(1000)).toBe(100);
});

it('answers without Redis right after a claim or extend', async () => {
  const { store, extended } = fakeStore();
  await confirmLease(store, lease(0), 30_000, 249);
  expect(extended).toEqual([]);
});

it('asks Redis (a token-checked extend) once the confirmation is older, and records it', async () => {
  const { store, extended } = fakeStore();
  const held = lease(0);
  await confirmLease(store, held, 30_000, 250);
  expect(extended).toEqual([30_000]);
  expect(held.confirmedAt).toBe(1000);
});

it('a stopped process wakes to an old confirmation: the lost lease is found', async () => {
  const { store } = fakeStore('lost');
  await expect(confirmLease(store, lease(0), 1000, 5000)).rejects.toBeInstanceOf(LeaseLostError);
});

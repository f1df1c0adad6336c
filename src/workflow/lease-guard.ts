// The guard before a side effect that must happen once: is the lease still ours? A lease that
// Redis confirmed a moment ago cannot have expired since, so the guard only asks Redis (the
// token-checked extend) once the last confirmation is older than a small fraction of the lease.
import type { ClaimStore, Lease } from './claim-store.ts';

/** The most a confirmation is trusted without asking Redis again, whatever the lease. */
const MAX_FRESH_MS = 250;

/**
 * How long after a claim or extend was sent the lease is taken as confirmed: a tenth of the lease,
 * at most 250 ms. The lease itself runs for `leaseMs` from (no earlier than) that moment, and a
 * stopped or paused process sees the same monotonic clock jump, so it always asks Redis after.
 */
export const freshForMs = (leaseMs: number): number => Math.min(MAX_FRESH_MS, Math.floor(leaseMs / 10));

/** Confirms the lease, extending it through Redis unless it was confirmed within `freshForMs`. */
export async function confirmLease(
  store: ClaimStore,
  lease: Lease,
  leaseMs: number,
  now: number = performance.now(),
): Promise<void> {
  if (now - lease.confirmedAt < freshForMs(leaseMs)) return;
  await store.extend(lease, leaseMs);
}

// HMAC keys for service accounts (JSON API `projects/{p}/hmacKeys`), kept in memory: GCS's
// lifecycle ACTIVE ⇄ INACTIVE → DELETED, delete only when INACTIVE, ten live keys per account.
import { randomBytes } from 'node:crypto';
import { DevkitError, invalidArgument, notFound } from '../../common/index.ts';

export type HmacState = 'ACTIVE' | 'INACTIVE' | 'DELETED';

export interface HmacKey {
  accessId: string;
  projectId: string;
  serviceAccountEmail: string;
  secret: string;
  state: HmacState;
  created: number;
  updated: number;
  /** Bumped on every change, for `etag`. */
  version: number;
}

const MAX_LIVE_PER_ACCOUNT = 10;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `GOOG1E` + 55 upper-case letters and digits: the 61-character shape of a service account's id. */
function newAccessId(): string {
  const bytes = randomBytes(55);
  let id = 'GOOG1E';
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

export class HmacKeys {
  readonly #keys = new Map<string, HmacKey>();
  readonly #now: () => number;
  /** Called after every change (e.g. to save the set). */
  onChange: () => void = () => {};

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Every key, deleted ones included, secrets included (for a data-dir file). */
  all(): HmacKey[] {
    return [...this.#keys.values()].map((k) => ({ ...k }));
  }

  /** Puts saved keys back (no `onChange`). */
  restore(keys: HmacKey[]): void {
    for (const k of keys) this.#keys.set(k.accessId, { ...k });
  }

  create(projectId: string, serviceAccountEmail: string): HmacKey {
    if (!/^[^@\s]+@[^@\s]+$/.test(serviceAccountEmail)) {
      throw invalidArgument(`Invalid service account email: '${serviceAccountEmail}'.`, {
        reason: 'invalid',
      });
    }
    const live = [...this.#keys.values()].filter(
      (k) => k.serviceAccountEmail === serviceAccountEmail && k.state !== 'DELETED',
    );
    if (live.length >= MAX_LIVE_PER_ACCOUNT) {
      throw new DevkitError(
        'FAILED_PRECONDITION',
        `The service account ${serviceAccountEmail} already has ${MAX_LIVE_PER_ACCOUNT} HMAC keys.`,
        { httpStatus: 412, reason: 'conditionNotMet' },
      );
    }
    const now = this.#now();
    const key: HmacKey = {
      accessId: newAccessId(),
      projectId,
      serviceAccountEmail,
      secret: randomBytes(30).toString('base64'),
      state: 'ACTIVE',
      created: now,
      updated: now,
      version: 1,
    };
    this.#keys.set(key.accessId, key);
    this.onChange();
    return key;
  }

  get(projectId: string, accessId: string): HmacKey {
    const key = this.#keys.get(accessId);
    if (!key || key.projectId !== projectId) {
      throw notFound(`Access ID not found in project ${projectId}: ${accessId}`, { reason: 'notFound' });
    }
    return key;
  }

  /** The key a signed request names, whatever its project; undefined when unknown. */
  lookup(accessId: string): HmacKey | undefined {
    return this.#keys.get(accessId);
  }

  list(projectId: string, opts: { serviceAccountEmail?: string; showDeleted: boolean }): HmacKey[] {
    return [...this.#keys.values()].filter(
      (k) =>
        k.projectId === projectId &&
        (opts.showDeleted || k.state !== 'DELETED') &&
        (!opts.serviceAccountEmail || k.serviceAccountEmail === opts.serviceAccountEmail),
    );
  }

  /** ACTIVE ⇄ INACTIVE; a DELETED key or any other target state is 400, a stale etag 412. */
  setState(projectId: string, accessId: string, state: unknown, etag?: string): HmacKey {
    const key = this.get(projectId, accessId);
    if (etag !== undefined && etag !== etagOf(key)) {
      throw new DevkitError('FAILED_PRECONDITION', 'Precondition Failed', {
        httpStatus: 412,
        reason: 'conditionNotMet',
      });
    }
    if (state !== 'ACTIVE' && state !== 'INACTIVE') {
      throw invalidArgument(`Invalid state: '${String(state)}'. Must be ACTIVE or INACTIVE.`, {
        reason: 'invalid',
      });
    }
    if (key.state === 'DELETED') throw invalidArgument('Cannot update a deleted key.', { reason: 'invalid' });
    if (key.state !== state) {
      key.state = state;
      key.updated = this.#now();
      key.version++;
      this.onChange();
    }
    return key;
  }

  /** Only an INACTIVE key may be deleted (it then stays listed with `showDeletedKeys`). */
  delete(projectId: string, accessId: string): void {
    const key = this.get(projectId, accessId);
    if (key.state !== 'INACTIVE') {
      throw invalidArgument(`Cannot delete keys in '${key.state}' state.`, { reason: 'invalid' });
    }
    key.state = 'DELETED';
    key.updated = this.#now();
    key.version++;
    this.onChange();
  }
}

export function etagOf(key: HmacKey): string {
  return Buffer.from(`${key.accessId}:${key.version}`).toString('base64');
}

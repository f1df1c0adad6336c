// Typed outcomes of the Lua scripts: each script returns a small negative code on refusal, and
// `claimError` is the one place that turns those codes into errors.

export type ClaimCode = 'ALREADY_DONE' | 'HELD' | 'LEASE_LOST';

export class ClaimError extends Error {
  override readonly name: string = 'ClaimError';
  constructor(
    readonly code: ClaimCode,
    readonly unitKey: string,
    message: string,
  ) {
    super(message);
  }
}

/** The unit was completed before (a duplicate delivery): ack it, do nothing else. */
export class AlreadyDoneError extends ClaimError {
  override readonly name = 'AlreadyDoneError';
  constructor(unitKey: string) {
    super('ALREADY_DONE', unitKey, `unit ${unitKey} is already done`);
  }
}

/** Another worker holds the lease; `remainingMs` is what is left of it. */
export class ClaimHeldError extends ClaimError {
  override readonly name = 'ClaimHeldError';
  constructor(
    unitKey: string,
    readonly remainingMs: number,
  ) {
    super('HELD', unitKey, `unit ${unitKey} is claimed by another worker for ${remainingMs} ms more`);
  }
}

/** Our lease expired or was taken over: we must not write output, announce or mark done. */
export class LeaseLostError extends ClaimError {
  override readonly name = 'LeaseLostError';
  constructor(unitKey: string) {
    super('LEASE_LOST', unitKey, `lease on unit ${unitKey} was lost (expired or taken over)`);
  }
}

const CODES: Record<number, (unitKey: string, detail: number) => ClaimError> = {
  [-1]: (unitKey) => new AlreadyDoneError(unitKey),
  [-2]: (unitKey, remaining) => new ClaimHeldError(unitKey, Math.max(0, remaining)),
  [-3]: (unitKey) => new LeaseLostError(unitKey),
};

/** Maps a script's negative code to its typed error; unknown codes are a programming error. */
export function claimError(code: number, unitKey: string, detail = 0): ClaimError {
  const make = CODES[code];
  if (!make) throw new Error(`unexpected claim script reply ${code} for unit ${unitKey}`);
  return make(unitKey, detail);
}

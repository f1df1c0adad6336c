// Redis key names of the claim-and-process flow, built in this one place under a prefix so every
// test, scenario or deployment gets its own namespace in a shared Redis.

export interface WorkflowKeys {
  readonly prefix: string;
  /** `<prefix>:claim:<unit>`: the lease, value `<workerId>:<token>`, expires with PX. */
  claim(unitKey: string): string;
  /** `<prefix>:done:<unit>`: set once a unit completed, value = the completing owner, with a TTL. */
  done(unitKey: string): string;
  /** Glob matching every claim key of this namespace (for audits and tests). */
  claimPattern(): string;
  /**
   * `<prefix>:audit:<report>:<unit>`: the auditor's report on a unit (`stalled`, `dead-lettered`),
   * JSON, with a TTL, so the dashboard and other tools can list what the auditor found.
   */
  report(kind: string, unitKey: string): string;
}

/** Keys under `prefix` (default `devkit`); the prefix must not be empty or contain spaces. */
export function workflowKeys(prefix = 'devkit'): WorkflowKeys {
  if (!/^[^\s*?[\]]+$/.test(prefix)) {
    throw new Error(
      `invalid key prefix ${JSON.stringify(prefix)}: expected a non-empty word without spaces or globs`,
    );
  }
  return {
    prefix,
    claim: (unitKey) => `${prefix}:claim:${unitKey}`,
    done: (unitKey) => `${prefix}:done:${unitKey}`,
    claimPattern: () => `${prefix}:claim:*`,
    report: (kind, unitKey) => `${prefix}:audit:${kind}:${unitKey}`,
  };
}

// Interop suites need tools outside npm (a Python venv, a fake-gcs-server binary). Locally a
// missing tool skips the suite with a message saying how to get it; under CI=true it fails, so a
// CI machine can never go green by quietly skipping the proof.
import { describe, it } from 'vitest';

export const IN_CI = process.env.CI === 'true';

/** `describe` when `missing` is undefined; otherwise a skip (locally) or a failing test (CI). */
export function describeWith(name: string, missing: string | undefined, suite: () => void): void {
  if (missing === undefined) {
    describe(name, suite);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      it('has its prerequisites', () => {
        throw new Error(`${missing} (CI=true: a missing prerequisite fails instead of skipping)`);
      });
    });
    return;
  }
  process.stderr.write(`\n[interop] skipping "${name}": ${missing}\n`);
  describe.skip(`${name} (skipped: ${missing})`, suite);
}

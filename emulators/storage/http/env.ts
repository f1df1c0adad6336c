// The services HTTP handlers call into; handlers hold no state of their own.
import type { FaultInjector } from '../../faults/index.ts';
import type { StorageContext } from '../service/context.ts';
import type { RewriteTracker } from '../service/transfers.ts';
import type { UploadSessions } from '../service/upload-sessions.ts';
import type { SigningEnv } from '../signing/signing-env.ts';
import type { RetryTests } from '../testbench/retry-tests.ts';

export interface HttpEnv {
  ctx: StorageContext;
  sessions: UploadSessions;
  rewrites: RewriteTracker;
  /** Consulted by the router before each operation (cheaply skipped while no rule is armed). */
  faults: FaultInjector;
  /** storage-testbench Retry Tests (`x-retry-test-id`), consulted before the fault rules. */
  retryTests: RetryTests;
  /** Keys that V4 signed URLs, POST policies and HMAC keys are checked against. */
  signing: SigningEnv;
}

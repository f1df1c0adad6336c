// The services HTTP handlers call into; handlers hold no state of their own.
import type { StorageContext } from '../context.ts';
import type { RewriteTracker } from '../transfers.ts';
import type { UploadSessions } from '../upload-sessions.ts';

export interface HttpEnv {
  ctx: StorageContext;
  sessions: UploadSessions;
  rewrites: RewriteTracker;
}

// fake-gcs-server for the interop tests: the stack's own start (loopback, a free port, plain HTTP,
// memory backend, stopped by `stop()` or `await using`) and binary lookup, under the names the
// tests use. The pinned version lives in src/stack/fake-gcs-server.ts.
import { cachedFakeGcsServerPath, fakeGcsServerInstallHint } from '../../../src/stack/fake-gcs-server.ts';

export {
  FAKE_GCS_SERVER_VERSION,
  type FakeGcsServerOptions,
  findFakeGcsServer,
  type StartedFakeGcsServer,
  startFakeGcsServer,
} from '../../../src/stack/fake-gcs-server.ts';

/** Where .ci/run keeps the build. */
export const CACHED_BINARY = cachedFakeGcsServerPath();
export const INSTALL_HINT = fakeGcsServerInstallHint();

// The pinned fake-gcs-server release is one value: .ci/run reads the VERSION file, the kit and the
// bench read src/stack/fake-gcs-server.ts. They must agree, or CI would build one and run another.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cachedFakeGcsServerPath, FAKE_GCS_SERVER_VERSION } from '../../../src/stack/fake-gcs-server.ts';

it('the VERSION file .ci/run builds from and the stack (and bench) pin the same release', () => {
  const file = readFileSync(new URL('./VERSION', import.meta.url), 'utf8').trim();
  expect(FAKE_GCS_SERVER_VERSION).toBe(file);
  expect(cachedFakeGcsServerPath({ XDG_CACHE_HOME: '/c' })).toBe(`/c/gcp-devkit/bin/fake-gcs-server-${file}`);
});

// Which project a devkit.yaml lands in: --project, then GOOGLE_CLOUD_PROJECT, then the file; on GCP
// a file written for another project is refused rather than applied somewhere unexpected.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.ts';
import { chooseProject } from '../../src/topology/index.ts';

const base = { fileName: 'devkit.yaml' };

describe('chooseProject', () => {
  it('--project wins over everything', () => {
    expect(chooseProject({ ...base, flag: 'p-flag', env: 'p-env', file: 'p-file', target: 'gcp' })).toEqual({
      project: 'p-flag',
    });
  });

  it('uses the environment, else the file, when only one says', () => {
    expect(chooseProject({ ...base, env: 'p-env', target: 'gcp' })).toEqual({ project: 'p-env' });
    expect(chooseProject({ ...base, file: 'p-file', target: 'gcp' })).toEqual({ project: 'p-file' });
    expect(chooseProject({ ...base, env: 'same', file: 'same', target: 'gcp' })).toEqual({ project: 'same' });
  });

  it('on GCP refuses a file declaring another project than GOOGLE_CLOUD_PROJECT', () => {
    expect(() => chooseProject({ ...base, env: 'prod-a', file: 'prod-b', target: 'gcp' })).toThrow(
      ConfigError,
    );
    expect(() => chooseProject({ ...base, env: 'prod-a', file: 'prod-b', target: 'gcp' })).toThrow(
      'devkit.yaml declares project prod-b but GOOGLE_CLOUD_PROJECT=prod-a',
    );
  });

  it("locally applies to the stack's project and says so", () => {
    const choice = chooseProject({ ...base, env: 'devkit-local', file: 'my-project', target: 'local' });
    expect(choice.project).toBe('devkit-local');
    expect(choice.note).toContain("applying to the local stack's project devkit-local");
  });
});

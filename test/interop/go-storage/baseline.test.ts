// The baseline may only go up: a case that passed must still pass, a suite may not pass fewer.
import { describe, expect, it } from 'vitest';
import { regressions, summarize } from './baseline.ts';

const base = summarize('m@v1', [
  { name: 'TestAEmulated/http', outcome: 'pass', output: [] },
  { name: 'TestRetryConformance/http-1', outcome: 'fail', output: [] },
]);

describe('regressions', () => {
  it('accepts the same or better', () => {
    expect(regressions(base, base)).toEqual([]);
    const better = summarize('m@v1', [
      { name: 'TestAEmulated/http', outcome: 'pass', output: [] },
      { name: 'TestRetryConformance/http-1', outcome: 'pass', output: [] },
    ]);
    expect(regressions(base, better)).toEqual([]);
  });

  it('names a baseline pass that fails now, and another module', () => {
    const worse = summarize('m@v2', [{ name: 'TestAEmulated/http', outcome: 'fail', output: [] }]);
    expect(regressions(base, worse)).toEqual([
      'baseline is for m@v1, this run used m@v2',
      'passed in the baseline, not now: TestAEmulated/http',
      'emulated: 0 pass, baseline 1',
    ]);
  });
});

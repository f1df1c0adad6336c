// go test -json parsing: leaf outcomes only, parents dropped, output kept for the reason.
import { describe, expect, it } from 'vitest';
import { countOutcomes, leafResults, suiteOf } from './go-events.ts';

const ev = (Action: string, Test?: string, Output?: string) => JSON.stringify({ Action, Test, Output });

describe('leafResults', () => {
  it('keeps leaves, drops parents and non-JSON lines, keeps the last output', () => {
    const lines = [
      'go: downloading x',
      ev('run', 'TestAEmulated'),
      ev('run', 'TestAEmulated/http'),
      ev('output', 'TestAEmulated/http', '    client_test.go:1: boom\n'),
      ev('fail', 'TestAEmulated/http'),
      ev('fail', 'TestAEmulated'),
      ev('skip', 'TestBEmulated'),
      ev('pass', 'TestRetryConformance/http-1-[return-503]-storage.objects.get-0'),
      ev('pass', 'TestRetryConformance'),
      '{not json',
    ];
    const leaves = leafResults(lines);
    expect(leaves.map((l) => [l.name, l.outcome])).toEqual([
      ['TestAEmulated/http', 'fail'],
      ['TestBEmulated', 'skip'],
      ['TestRetryConformance/http-1-[return-503]-storage.objects.get-0', 'pass'],
    ]);
    expect(leaves[0]!.output).toEqual(['    client_test.go:1: boom']);
    expect(countOutcomes(leaves)).toEqual({ pass: 1, fail: 1, skip: 1 });
    expect(leaves.map((l) => suiteOf(l.name))).toEqual(['emulated', 'emulated', 'conformance']);
  });
});

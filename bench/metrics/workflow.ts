// `workflow.units_per_s`: 1,000 units through 4 worker processes doing the full claim-and-process
// flow. Wired once the workflow library (src/workflow, `devkit worker`) exists.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchGroup, notMeasured } from '../bench.ts';

const WORKFLOW = { name: 'workflow.units_per_s', unit: 'units/s', target: { op: '>=', value: 500 } } as const;

export const workflowUnits: BenchGroup = {
  title: 'Workflow claim-and-process throughput',
  metrics: [WORKFLOW],
  async run() {
    const lib = fileURLToPath(new URL('../../src/workflow/index.ts', import.meta.url));
    const reason = existsSync(lib)
      ? 'the workflow library exists but the bench is not wired to it yet'
      : 'the workflow library (src/workflow, `devkit worker`) is not available yet';
    return [notMeasured(WORKFLOW, reason)];
  },
};

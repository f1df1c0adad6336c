// Everything the workflow integration tests share.
export { type DevkitChild, startChild } from './devkit-child.ts';
export { type Collector, type WorkflowFixture, workflowFixture } from './fixture.ts';
export { publishDuplicate, sleep, uploadWork, versions } from './work-files.ts';

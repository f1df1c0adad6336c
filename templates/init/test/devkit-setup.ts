// vitest globalSetup: one local stack (emulators + Redis on free ports) for the whole run; its
// env reaches every test file, and the stack stops when the run ends.
import { devkitGlobalSetup } from 'gcp-devkit/testing';

export default devkitGlobalSetup();

// Public surface of the Functions host: deployed functions behind Pub/Sub, Storage and HTTP
// triggers (startFunctionsHost), and the single push-fed function of `devkit function`.
export { type FunctionResource, functionUrl } from './describe.ts';
export { callRequest, frameworkRequest, type PushEnvelope } from './events.ts';
export { type SignatureType, startFramework, startPythonFramework } from './framework-process.ts';
export { type FunctionHostOptions, type StartedFunctionHost, startFunctionHost } from './function-host.ts';
export { type FunctionSpec, parseFunctionSpec, type Trigger, triggerFromEvent } from './function-spec.ts';
export type { FunctionsRegistry } from './functions-host.ts';
export { defaultCacheDir, ensureVenv, pythonVersion } from './python-venv.ts';
export { type FunctionsHostOptions, type StartedFunctionsHost, startFunctionsHost } from './start.ts';

// The scenarios `devkit scenario` knows, in --list order. Each lives in its own module.
import type { ScenarioDefinition } from '../src/scenario/index.ts';
import tutorial from './tutorial.ts';

export const DEFAULT_SCENARIO = 'tutorial';

export const SCENARIOS: ScenarioDefinition[] = [tutorial];

// The kit's built-in scenarios, in --list order; `devkit scenario` loads this module by path (src/
// never imports scenarios/), after a project's own. Each scenario lives in its own module.
import type { ScenarioDefinition } from '../src/scenario/index.ts';
import attributeRouting from './attribute-routing.ts';
import duplicateStorm from './duplicate-storm.ts';
import emulatorRestart from './emulator-restart.ts';
import fanOut from './fan-out.ts';
import flakyServices from './flaky-services.ts';
import naiveVsClaim from './naive-vs-claim.ts';
import poison from './poison.ts';
import redisOutage from './redis-outage.ts';
import schedulerHourly from './scheduler-hourly.ts';
import slowHandler from './slow-handler.ts';
import tasksFanout from './tasks-fanout.ts';
import tutorial from './tutorial.ts';
import workerCrash from './worker-crash.ts';

export const DEFAULT_SCENARIO = 'tutorial';

export const SCENARIOS: ScenarioDefinition[] = [
  tutorial,
  duplicateStorm,
  workerCrash,
  slowHandler,
  schedulerHourly,
  poison,
  redisOutage,
  attributeRouting,
  fanOut,
  naiveVsClaim,
  emulatorRestart,
  flakyServices,
  tasksFanout,
];

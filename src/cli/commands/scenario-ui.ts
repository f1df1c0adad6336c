// `devkit scenario --ui`: one dashboard for the whole run, pointed at each scenario's fresh stack
// in turn, with the scenario's timeline streamed to it live.
import type { StartedUi } from '../../../ui/server/index.ts';
import type { RunOptions } from '../../scenario/index.ts';
import { startDashboard } from './ui.ts';

export interface ScenarioDashboard {
  onStack: NonNullable<RunOptions['onStack']>;
  stop(): Promise<void>;
}

/** `port` undefined = 4000, or any free port when that is busy. */
export function scenarioDashboard(port: number | undefined, name: () => [string, string]): ScenarioDashboard {
  let ui: StartedUi | undefined;
  return {
    async onStack(stack, timeline) {
      if (ui) await ui.setEnv(stack.env);
      else {
        ui = await startDashboard(stack.env, '127.0.0.1', port);
        process.stderr.write(`dashboard: ${ui.url}/#scenarios\n`);
      }
      const [scenario, description] = name();
      const feed = ui.startScenario(scenario, description);
      for (const event of timeline.events) feed.event(event);
      timeline.onEvent = (event) => feed.event(event);
      return (result) => {
        timeline.onEvent = undefined;
        feed.finish(result.skipped ? 'skipped' : result.passed ? 'passed' : 'failed');
      };
    },
    stop: async () => {
      await ui?.stop();
    },
  };
}

// The action wrapper of gcloud-shaped commands: errors become gcloud's one line
// `ERROR: (gcloud.pubsub.topics.create) <message>` on stderr and exit code 1.
import type { Command } from 'commander';
import { handled, readableMessage } from '../output.ts';
import type { GcloudCommand } from './gcloud-command.ts';

/**
 * Wraps an action like `handled` does (one line, exit 1, the process ends), prefixing the message
 * with the gcloud command path.
 */
export function run<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command;
    const path =
      typeof (command as GcloudCommand).gcloudPath === 'function'
        ? (command as GcloudCommand).gcloudPath()
        : 'devkit';
    await handled(async () => {
      try {
        await action(...args);
      } catch (err) {
        if (err instanceof Error) err.message = `ERROR: (${path}) ${readableMessage(err.message)}`;
        throw err;
      }
    })();
  };
}

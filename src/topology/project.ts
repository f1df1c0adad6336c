// Which project a devkit.yaml is applied to. The file's `project:` is a declaration, not a switch:
// on GCP a file written for one project never provisions another by accident.
import { ConfigError } from '../config/index.ts';

export interface ProjectChoice {
  project: string | undefined;
  /** Set when the file names another project than the one used (local runs only). */
  note?: string;
}

/**
 * `--project` wins; then GOOGLE_CLOUD_PROJECT; then the file's `project:`. On GCP, a file whose
 * project differs from GOOGLE_CLOUD_PROJECT is refused. Locally the stack's project wins (workers
 * read GOOGLE_CLOUD_PROJECT, so that is where they look for topics) and the difference is noted.
 */
export function chooseProject(input: {
  flag?: string;
  env?: string;
  file?: string;
  target: 'local' | 'gcp';
  fileName: string;
}): ProjectChoice {
  const { flag, env, file, target, fileName } = input;
  if (flag) return { project: flag };
  if (!env || !file || env === file) return { project: env ?? file };
  if (target === 'gcp') {
    throw new ConfigError(
      `${fileName} declares project ${file} but GOOGLE_CLOUD_PROJECT=${env}: refusing to apply it to another ` +
        'project. Pass --project to choose one explicitly.',
      'GOOGLE_CLOUD_PROJECT',
    );
  }
  return {
    project: env,
    note: `${fileName} declares project ${file}; applying to the local stack's project ${env} (GOOGLE_CLOUD_PROJECT)`,
  };
}

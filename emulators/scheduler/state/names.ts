// Resource names: projects/P/locations/L and projects/P/locations/L/jobs/J, checked the way the
// API does before anything else happens (INVALID_ARGUMENT for a malformed name).
import { invalidArgument } from '../../common/index.ts';

const PROJECT = '[a-z0-9][a-z0-9.:-]{0,99}';
const LOCATION = '[a-z0-9][a-z0-9-]{0,62}';
const JOB_ID = '[A-Za-z0-9_-]{1,500}';
const PARENT_RE = new RegExp(`^projects/(${PROJECT})/locations/(${LOCATION})$`);
const JOB_RE = new RegExp(`^projects/(${PROJECT})/locations/(${LOCATION})/jobs/(${JOB_ID})$`);
const TOPIC_RE = /^projects\/([^/]+)\/topics\/([A-Za-z][A-Za-z0-9\-_.~+%]{2,254})$/;

export interface ParentName {
  project: string;
  location: string;
}

export interface JobName extends ParentName {
  jobId: string;
}

export function parseParent(parent: string): ParentName {
  const m = PARENT_RE.exec(parent ?? '');
  if (!m) throw invalidArgument(`Invalid resource field value in the request: parent "${parent}"`);
  return { project: m[1] as string, location: m[2] as string };
}

export function parseJobName(name: string): JobName {
  const m = JOB_RE.exec(name ?? '');
  if (!m) {
    throw invalidArgument(
      `Job name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>", got "${name}"`,
    );
  }
  return { project: m[1] as string, location: m[2] as string, jobId: m[3] as string };
}

export function parentOf(name: string): string {
  return name.slice(0, name.lastIndexOf('/jobs/'));
}

/** Project of a `projects/P/topics/T` name, or INVALID_ARGUMENT. */
export function topicProject(topic: string): string {
  const m = TOPIC_RE.exec(topic ?? '');
  if (!m) {
    throw invalidArgument(`Invalid topic name "${topic}": expected projects/<PROJECT_ID>/topics/<TOPIC_ID>`);
  }
  return m[1] as string;
}

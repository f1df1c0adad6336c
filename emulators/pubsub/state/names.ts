// Resource-name rules as Google documents them: projects/P/{topics,subscriptions,snapshots}/ID
// where ID is 3–255 chars, starts with a letter, uses [A-Za-z0-9-_.~+%] and does not start with goog.
import { invalidArgument } from '../../common/index.ts';

export type Collection = 'topics' | 'subscriptions' | 'snapshots';

const ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
const PROJECT = /^[a-z0-9][a-z0-9\-.:]{0,99}$/i;

export interface ParsedName {
  project: string;
  id: string;
}

/** Validates a full resource name and returns its parts; INVALID_ARGUMENT otherwise. */
export function parseName(name: unknown, collection: Collection): ParsedName {
  const kind = collection.slice(0, -1);
  if (typeof name !== 'string' || name === '') throw invalidArgument(`missing ${kind} name`);
  const parts = name.split('/');
  if (parts.length !== 4 || parts[0] !== 'projects' || parts[2] !== collection) {
    throw invalidArgument(`Invalid [${collection}] name: (name=${name})`);
  }
  const project = parts[1]!;
  const id = parts[3]!;
  if (!PROJECT.test(project)) throw invalidArgument(`Invalid project id in ${kind} name: (name=${name})`);
  if (!ID.test(id) || id.toLowerCase().startsWith('goog')) {
    throw invalidArgument(
      `Invalid [${collection}] name: (name=${name}). A ${kind} id must be 3-255 characters, start with a letter, ` +
        `contain only letters, numbers, dashes, underscores, periods, tildes, plus or percent signs, and not start with "goog".`,
    );
  }
  return { project, id };
}

/** Validates a project resource name `projects/P` and returns P. */
export function parseProject(name: unknown): string {
  if (typeof name !== 'string') throw invalidArgument('missing project');
  const m = /^projects\/([^/]+)$/.exec(name);
  if (!m || !PROJECT.test(m[1]!)) throw invalidArgument(`Invalid project name: ${String(name)}`);
  return m[1]!;
}

export function projectOf(name: string): string {
  return name.split('/')[1] ?? '';
}

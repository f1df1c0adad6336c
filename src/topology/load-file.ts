// Reads devkit.yaml: YAML syntax errors and schema errors both come back as one TopologyFileError
// that names the file, the line and column, and the field (`subscriptions[0].ackDeadlineSeconds`).
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type TopologyFile, topologySchema } from './schema.ts';
import { locate } from './yaml-locate.ts';

export interface TopologyProblem {
  line: number;
  column: number;
  /** Dotted path of the field at fault, e.g. `subscriptions[0].ackDeadlineSeconds`; '' for the file. */
  field: string;
  message: string;
}

export class TopologyFileError extends Error {
  override readonly name = 'TopologyFileError';
  constructor(
    readonly file: string,
    readonly problems: TopologyProblem[],
  ) {
    super(
      problems
        .map((p) => `${file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
        .join('\n'),
    );
  }
}

/** Parses and validates devkit.yaml text; `file` only names it in messages. */
export function parseTopology(text: string, file = 'devkit.yaml'): TopologyFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new TopologyFileError(
      file,
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { line, column: col, field: '', message: error.message.split('\n')[0]! };
      }),
    );
  }
  const result = topologySchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    throw new TopologyFileError(
      file,
      result.error.issues.map((issue) => toProblem(issue, doc, lineCounter)),
    );
  }
  return result.data;
}

/** Reads and validates a devkit.yaml file. */
export async function loadTopologyFile(path: string): Promise<TopologyFile> {
  return parseTopology(await readFile(path, 'utf8'), path);
}

function toProblem(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): TopologyProblem {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  // Unknown keys are reported on the object; point at the first unknown key itself.
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const fieldPath = keys.length > 0 ? [...path, keys[0]!] : path;
  const { offset, found } = locate(doc, fieldPath);
  const { line, col } = lineCounter.linePos(offset);
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`
      : found || issue.code !== 'invalid_type'
        ? issue.message
        : `required field is missing (${issue.message})`;
  return { line, column: col, field: formatPath(fieldPath), message };
}

function formatPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

// A plan as text (`+ subscription worker`, `~ job nightly (schedule: "0 * * * *" → "5 * * * *")`)
// and as counts; colours only when the caller says the output is a terminal.
import { ACTION_SYMBOL, type Action, type Change } from './resources.ts';

const COLOUR: Record<Action, number> = { create: 32, update: 33, replace: 35, unchanged: 2, delete: 31 };

export type PlanSummary = Record<Action, number>;

export function summarize(changes: Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, unchanged: 0, delete: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

/** True when applying the plan would call any mutating API. */
export function hasChanges(changes: Change[]): boolean {
  return changes.some((c) => c.action !== 'unchanged');
}

export function renderPlan(changes: Change[], options: { colour?: boolean } = {}): string {
  const paint = (action: Action, text: string) =>
    options.colour ? `\u001b[${COLOUR[action]}m${text}\u001b[0m` : text;
  const lines = changes.map((change) => {
    const symbol = ACTION_SYMBOL[change.action].padEnd(3);
    const detail =
      change.fields.length > 0 ? `  (${change.fields.map((f) => describe(change, f)).join('; ')})` : '';
    return paint(change.action, `${symbol} ${change.kind} ${change.name}${detail}`);
  });
  const s = summarize(changes);
  lines.push(
    `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ` +
      `${s.delete} to delete, ${s.unchanged} unchanged.`,
  );
  return `${lines.join('\n')}\n`;
}

function describe(change: Change, field: string): string {
  return `${field}: ${show(change.actual?.spec[field])} → ${show(change.desired?.spec[field])}`;
}

function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

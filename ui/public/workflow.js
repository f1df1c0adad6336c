// Workflow: claims in Redis (who holds which unit, lease remaining), done units per prefix, and
// what the auditor reported (stalled and dead-lettered units).
import { ageText, fill, h, table } from './dom.js';

export function workflowView() {
  const claims = h('div', { testid: 'claims' });
  const done = h('div', { testid: 'done' });
  const reports = h('div', { testid: 'audit-reports' });
  const el = h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Claims'),
    claims,
    h('h2', {}, 'Done units'),
    done,
    h('h2', {}, "The auditor's reports (stalled, dead-lettered)"),
    reports,
  );
  return {
    el,
    update({ overview }) {
      const wf = overview?.workflow;
      if (!wf || wf.error)
        return fill(claims, h('p', { class: 'error' }, wf?.error ?? 'no Redis in this stack'));
      fill(
        claims,
        table(
          ['prefix', 'unit', 'worker', 'lease left'],
          wf.claims.map((c) =>
            h(
              'tr',
              { testid: 'claim-row' },
              h('td', {}, c.prefix),
              h('td', {}, c.unit),
              h('td', {}, c.worker),
              h('td', {}, ageText(c.leaseRemainingMs)),
            ),
          ),
          'claims-table',
        ),
      );
      fill(
        done,
        table(
          ['prefix', 'done'],
          Object.entries(wf.done).map(([p, n]) =>
            h('tr', {}, h('td', {}, p), h('td', { testid: 'done-count' }, String(n))),
          ),
          'done-table',
        ),
        wf.truncated ? h('p', {}, 'more keys than shown (the view reads 5,000 of each)') : null,
      );
      fill(
        reports,
        table(
          ['report', 'prefix', 'unit', 'workers', 'at'],
          (wf.reports ?? []).map((r) =>
            h(
              'tr',
              { testid: 'audit-row' },
              h('td', {}, r.report),
              h('td', {}, r.prefix),
              h('td', {}, r.unitKey),
              h('td', {}, (r.workers ?? []).join(', ')),
              h('td', {}, r.at),
            ),
          ),
          'audit-table',
        ),
      );
    },
  };
}

// Cloud Tasks: queues with their rate limits and state, tasks with their attempt history.
import { fill, h, shortName, table } from './dom.js';

export function tasksView() {
  const queues = h('div', { testid: 'queues' });
  const el = h('section', { class: 'view' }, h('h2', {}, 'Queues'), queues);
  return {
    el,
    update({ overview }) {
      const ta = overview?.tasks;
      if (!ta || ta.error)
        return fill(queues, h('p', { class: 'error' }, ta?.error ?? 'Cloud Tasks is not part of this stack'));
      fill(
        queues,
        (ta.queues ?? []).map((q) =>
          h(
            'div',
            { class: 'panel', testid: 'queue' },
            h('h3', {}, shortName(q.name), ' ', h('span', { class: 'tag' }, q.state)),
            h(
              'p',
              {},
              `rate ${q.rateLimits?.maxDispatchesPerSecond ?? '—'}/s, burst ${q.rateLimits?.maxBurstSize ?? '—'}, concurrent ${q.rateLimits?.maxConcurrentDispatches ?? '—'}`,
            ),
            table(
              ['task', 'schedule', 'dispatches', 'responses', 'first attempt', 'last attempt'],
              (q.tasks ?? []).map((t) =>
                h(
                  'tr',
                  {},
                  h('td', {}, shortName(t.name)),
                  h('td', {}, t.scheduleTime ?? ''),
                  h('td', {}, String(t.dispatchCount ?? 0)),
                  h('td', {}, String(t.responseCount ?? 0)),
                  h('td', {}, t.firstAttempt?.dispatchTime ?? '—'),
                  h(
                    'td',
                    {},
                    t.lastAttempt
                      ? `${t.lastAttempt.dispatchTime ?? ''} ${t.lastAttempt.responseStatus?.code ? `error ${t.lastAttempt.responseStatus.code}` : 'ok'}`
                      : '—',
                  ),
                ),
              ),
              'tasks-table',
            ),
          ),
        ),
      );
    },
  };
}

// Scheduler: jobs with schedule, time zone, next runs and last attempt; run now, pause, resume;
// the stack clock with a bounded advance.
import { fill, h, postJson, report, shortName, table } from './dom.js';

export function schedulerView() {
  const clock = h('span', { testid: 'clock' });
  const jobs = h('div', { testid: 'jobs' });
  const status = h('span', { class: 'status', testid: 'scheduler-status' });
  const duration = h('input', { value: '1h', size: 6, testid: 'advance-duration' });
  const action = (verb, name) =>
    report(status, postJson(`/api/scheduler/${verb}`, { name }), `${verb}: ${shortName(name)}`);
  const el = h(
    'section',
    { class: 'view' },
    h(
      'div',
      { class: 'panel' },
      h('h3', {}, 'Stack clock'),
      clock,
      ' ',
      duration,
      h(
        'button',
        {
          testid: 'advance-button',
          onclick: () =>
            report(
              status,
              postJson('/api/clock/advance', { duration: duration.value }),
              (r) => `now ${r.now}`,
            ),
        },
        'Advance',
      ),
      status,
    ),
    h('h2', {}, 'Jobs'),
    jobs,
  );
  return {
    el,
    update({ overview }) {
      const sc = overview?.scheduler;
      if (!sc || sc.error)
        return fill(jobs, h('p', { class: 'error' }, sc?.error ?? 'the Scheduler is not part of this stack'));
      clock.textContent = sc.now;
      const target = (j) =>
        j.pubsubTarget
          ? `topic ${shortName(j.pubsubTarget.topicName)}`
          : j.httpTarget
            ? `${j.httpTarget.httpMethod ?? 'POST'} ${j.httpTarget.uri}`
            : j.appEngineHttpTarget
              ? `App Engine ${j.appEngineHttpTarget.relativeUri ?? '/'}`
              : '';
      fill(
        jobs,
        table(
          ['job', 'schedule', 'time zone', 'target', 'state', 'next runs', 'last attempt', ''],
          sc.jobs.map((j) =>
            h(
              'tr',
              { testid: 'job-row', 'data-name': j.name },
              h('td', {}, shortName(j.name)),
              h('td', {}, j.schedule),
              h('td', {}, j.timeZone),
              h('td', {}, target(j)),
              h('td', { testid: 'job-state' }, j.state),
              h(
                'td',
                {},
                (j.nextRuns ?? []).map((t) => h('div', {}, t)),
              ),
              h(
                'td',
                {},
                j.lastAttemptTime
                  ? `${j.lastAttemptTime} ${j.status?.code ? `error ${j.status.code}` : 'ok'}`
                  : '—',
              ),
              h(
                'td',
                {},
                h('button', { testid: 'job-run', onclick: () => action('run', j.name) }, 'Run now'),
                j.state === 'PAUSED'
                  ? h('button', { testid: 'job-resume', onclick: () => action('resume', j.name) }, 'Resume')
                  : h('button', { testid: 'job-pause', onclick: () => action('pause', j.name) }, 'Pause'),
              ),
            ),
          ),
          'jobs-table',
        ),
      );
    },
  };
}

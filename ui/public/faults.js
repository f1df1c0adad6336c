// Faults: each emulator's armed rules with how often they were consulted and hit; arm and disarm.
import { fill, h, postJson, report, table } from './dom.js';

// The service is taken from the select; the rest is the emulator's fault rule (see its README).
const EXAMPLE = '{ "kind": "duplicate", "method": "deliver", "rate": 0.5 }';

export function faultsView() {
  const lists = h('div', { testid: 'fault-lists' });
  const service = h(
    'select',
    { testid: 'fault-service' },
    ['pubsub', 'storage', 'tasks'].map((s) => h('option', { value: s }, s)),
  );
  const rule = h('textarea', { rows: 3, cols: 60, testid: 'fault-rule' });
  rule.value = EXAMPLE;
  const status = h('span', { class: 'status', testid: 'fault-status' });
  const arm = (e) => {
    e.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(rule.value);
    } catch {
      status.textContent = 'the rule must be JSON';
      return;
    }
    report(
      status,
      postJson('/api/faults/arm', { service: service.value, rule: parsed }),
      (r) => `armed ${r.rules?.map((x) => x.id).join(', ')}`,
    );
  };
  const el = h(
    'section',
    { class: 'view' },
    h(
      'form',
      { class: 'panel', onsubmit: arm, testid: 'fault-form' },
      h('h3', {}, 'Arm a rule'),
      service,
      rule,
      h('button', { type: 'submit', testid: 'fault-arm' }, 'Arm'),
      status,
    ),
    lists,
  );
  return {
    el,
    update({ overview }) {
      const faults = overview?.faults ?? {};
      fill(
        lists,
        Object.entries(faults).map(([name, f]) =>
          h(
            'div',
            { class: 'panel' },
            h('h3', {}, name),
            f.error
              ? h('p', { class: 'error' }, f.error)
              : table(
                  ['id', 'kind', 'method', 'rate', 'seen', 'hits', ''],
                  (f.rules ?? []).map((r) =>
                    h(
                      'tr',
                      { testid: 'fault-row', 'data-service': name },
                      h('td', {}, r.id),
                      h('td', {}, r.kind),
                      h('td', {}, r.method ?? '*'),
                      h('td', {}, String(r.rate ?? 1)),
                      h('td', {}, String(r.seen ?? 0)),
                      h('td', { testid: 'fault-hits' }, String(r.hits ?? 0)),
                      h(
                        'td',
                        {},
                        h(
                          'button',
                          {
                            testid: 'fault-disarm',
                            onclick: () =>
                              report(
                                status,
                                postJson('/api/faults/disarm', { service: name, id: r.id }),
                                'disarmed',
                              ),
                          },
                          'Disarm',
                        ),
                      ),
                    ),
                  ),
                  `faults-${name}`,
                ),
          ),
        ),
      );
    },
  };
}

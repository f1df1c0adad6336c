// Pub/Sub: topics, subscriptions with backlog, publish, peek (consumes nothing), pull/ack/nack, seek.
import {
  ageText,
  fill,
  getJson,
  h,
  parsePairs,
  postJson,
  renderData,
  report,
  shortName,
  table,
} from './dom.js';

export function pubsubView() {
  const topics = h('div', { testid: 'topics' });
  const subs = h('div', { testid: 'subscriptions' });
  const topicSelect = h('select', { name: 'topic', testid: 'publish-topic' });
  const subSelect = h('select', { name: 'subscription', testid: 'peek-subscription' });
  const publishStatus = h('span', { class: 'status', testid: 'publish-status' });
  const data = h('textarea', {
    name: 'data',
    rows: 3,
    testid: 'publish-data',
    placeholder: 'message data (text)',
  });
  const attrs = h('textarea', {
    name: 'attributes',
    rows: 2,
    testid: 'publish-attributes',
    placeholder: 'key=value per line',
  });
  const orderingKey = h('input', { name: 'orderingKey', placeholder: 'ordering key (optional)' });
  const publishForm = h(
    'form',
    {
      testid: 'publish-form',
      onsubmit: (e) => {
        e.preventDefault();
        const body = {
          topic: topicSelect.value,
          data: data.value,
          attributes: parsePairs(attrs.value),
          orderingKey: orderingKey.value,
        };
        report(
          publishStatus,
          postJson('/api/pubsub/publish', body),
          (r) => `published ${r.messageIds?.join(', ')}`,
        );
      },
    },
    h('h3', {}, 'Publish'),
    topicSelect,
    data,
    attrs,
    orderingKey,
    h('button', { type: 'submit', testid: 'publish-submit' }, 'Publish'),
    publishStatus,
  );
  const mode = h(
    'select',
    { testid: 'peek-mode' },
    ['text', 'json', 'hex'].map((m) => h('option', { value: m }, m)),
  );
  const peekBody = h('div', { testid: 'peek-results' });
  const peekStatus = h('span', { class: 'status' });
  let pageToken = '';
  const peek = async (token = '') => {
    pageToken = token;
    const page = await report(
      peekStatus,
      getJson(
        `/api/pubsub/peek?subscription=${encodeURIComponent(subSelect.value)}&pageSize=50&pageToken=${token}`,
      ),
      (p) => `${p.backlog} unacked`,
    );
    if (!page) return;
    const rows = page.messages.map((m) =>
      h(
        'tr',
        { testid: 'peek-row' },
        h('td', {}, m.messageId),
        h('td', {}, h('pre', { testid: 'peek-data' }, renderData(m.data, mode.value))),
        h(
          'td',
          {},
          Object.entries(m.attributes).map(([k, v]) => h('div', {}, `${k}=${v}`)),
        ),
        h('td', {}, m.orderingKey || '—'),
        h('td', {}, String(m.deliveryAttempt)),
        h('td', {}, m.state),
        h('td', {}, m.publishTime),
      ),
    );
    fill(
      peekBody,
      table(
        ['id', 'data', 'attributes', 'ordering key', 'deliveries', 'state', 'published'],
        rows,
        'peek-table',
      ),
      page.nextPageToken
        ? h('button', { testid: 'peek-next', onclick: () => peek(page.nextPageToken) }, 'next page')
        : null,
    );
  };
  mode.addEventListener('change', () => peek(pageToken));
  const pulled = h('div', { testid: 'pulled' });
  const pullStatus = h('span', { class: 'status', testid: 'pull-status' });
  const act = (path, ackIds) =>
    report(
      pullStatus,
      postJson(path, { subscription: subSelect.value, ackIds }),
      `${path.split('/').pop()} ${ackIds.length}`,
    ).then(() => fill(pulled));
  const pull = async () => {
    const res = await report(
      pullStatus,
      postJson('/api/pubsub/pull', { subscription: subSelect.value, maxMessages: 10 }),
      (r) => `leased ${r.receivedMessages?.length ?? 0}`,
    );
    const msgs = res?.receivedMessages ?? [];
    const ids = msgs.map((m) => m.ackId);
    fill(
      pulled,
      table(
        ['id', 'data', 'attempt'],
        msgs.map((m) =>
          h(
            'tr',
            {},
            h('td', {}, m.message.messageId),
            h('td', {}, renderData(m.message.data ?? '', 'text')),
            h('td', {}, String(m.deliveryAttempt ?? '—')),
          ),
        ),
        'pulled-table',
      ),
      ids.length
        ? h('button', { testid: 'ack-all', onclick: () => act('/api/pubsub/ack', ids) }, 'Ack all')
        : null,
      ids.length
        ? h('button', { testid: 'nack-all', onclick: () => act('/api/pubsub/nack', ids) }, 'Nack all')
        : null,
    );
  };
  const seekTime = h('input', { type: 'datetime-local', step: 1, testid: 'seek-time' });
  const seek = () =>
    report(
      pullStatus,
      postJson('/api/pubsub/seek', {
        subscription: subSelect.value,
        time: new Date(seekTime.value).toISOString(),
      }),
      'seeked',
    );
  const el = h(
    'section',
    { class: 'view' },
    h('div', { class: 'grid' }, h('div', {}, h('h2', {}, 'Topics'), topics), publishForm),
    h('h2', {}, 'Subscriptions'),
    subs,
    h(
      'div',
      { class: 'panel' },
      h('h3', {}, 'Messages'),
      subSelect,
      mode,
      h('button', { testid: 'peek-button', onclick: () => peek() }, 'Peek'),
      h('button', { testid: 'pull-button', onclick: pull }, 'Pull 10'),
      seekTime,
      h('button', { testid: 'seek-button', onclick: seek }, 'Seek to time'),
      peekStatus,
      pullStatus,
      peekBody,
      pulled,
    ),
  );
  const options = (select, names) => {
    const keep = select.value;
    fill(
      select,
      names.map((n) => h('option', { value: n }, shortName(n))),
    );
    if (names.includes(keep)) select.value = keep;
  };
  return {
    el,
    update({ overview }) {
      const ps = overview?.pubsub;
      if (!ps || ps.error)
        return fill(topics, h('p', { class: 'error' }, ps?.error ?? 'Pub/Sub is not part of this stack'));
      const dlq = new Set(ps.subscriptions.map((s) => s.deadLetterTopic).filter(Boolean));
      fill(
        topics,
        table(
          ['topic', 'labels'],
          ps.topics.map((t) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                shortName(t.name),
                dlq.has(t.name) ? h('span', { class: 'tag' }, 'dead letter') : null,
              ),
              h(
                'td',
                {},
                Object.entries(t.labels ?? {})
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', '),
              ),
            ),
          ),
          'topics-table',
        ),
      );
      fill(
        subs,
        table(
          ['subscription', 'topic', 'backlog', 'oldest unacked', 'push endpoint', 'dead letter'],
          ps.subscriptions.map((s) =>
            h(
              'tr',
              { testid: 'subscription-row', 'data-name': s.name },
              h('td', {}, shortName(s.name)),
              h('td', {}, shortName(s.topic)),
              h('td', { testid: 'backlog' }, String(s.backlog)),
              h('td', {}, ageText(s.oldestUnackedAgeMs)),
              h('td', {}, s.pushEndpoint ?? '—'),
              h('td', {}, s.deadLetterTopic ? shortName(s.deadLetterTopic) : '—'),
            ),
          ),
          'subscriptions-table',
        ),
      );
      options(
        topicSelect,
        ps.topics.map((t) => t.name),
      );
      options(
        subSelect,
        ps.subscriptions.map((s) => s.name),
      );
    },
  };
}

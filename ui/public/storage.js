// Storage: buckets, an object browser (prefixes, generations, metadata), download, upload and the
// bucket's notification configs.
import { fill, getJson, h, report, table } from './dom.js';

export function storageView() {
  const buckets = h('div', { testid: 'buckets' });
  const bucketSelect = h('select', { testid: 'bucket-select' });
  const prefix = h('input', { placeholder: 'prefix/', testid: 'object-prefix' });
  const versions = h('input', { type: 'checkbox', testid: 'object-versions' });
  const objects = h('div', { testid: 'objects' });
  const notifications = h('div', { testid: 'notifications' });
  const status = h('span', { class: 'status', testid: 'storage-status' });
  const enc = encodeURIComponent;
  const browse = async () => {
    const b = bucketSelect.value;
    if (!b) return;
    const q = `bucket=${enc(b)}&prefix=${enc(prefix.value)}&versions=${versions.checked}`;
    const page = await report(
      status,
      getJson(`/api/storage/objects?${q}`),
      (p) => `${p.items?.length ?? 0} objects`,
    );
    if (!page) return;
    const folders = (page.prefixes ?? []).map((p) =>
      h(
        'tr',
        {},
        h(
          'td',
          { colspan: 6 },
          h(
            'a',
            {
              href: '#storage',
              onclick: (e) => {
                e.preventDefault();
                prefix.value = p;
                browse();
              },
            },
            `📁 ${p}`,
          ),
        ),
      ),
    );
    const files = (page.items ?? []).map((o) =>
      h(
        'tr',
        { testid: 'object-row', 'data-name': o.name },
        h('td', {}, o.name),
        h('td', {}, o.generation),
        h('td', {}, o.size),
        h('td', {}, o.contentType ?? ''),
        h('td', {}, o.updated ?? ''),
        h(
          'td',
          {},
          h(
            'a',
            {
              href: `/api/storage/download?bucket=${enc(b)}&object=${enc(o.name)}&generation=${o.generation}`,
              testid: 'download',
            },
            'download',
          ),
          o.metadata
            ? h(
                'details',
                {},
                h('summary', {}, 'metadata'),
                h('pre', {}, JSON.stringify(o.metadata, null, 2)),
              )
            : null,
        ),
      ),
    );
    fill(
      objects,
      table(['name', 'generation', 'size', 'type', 'updated', ''], [...folders, ...files], 'objects-table'),
    );
    const configs = await getJson(`/api/storage/notifications?bucket=${enc(b)}`).catch(() => ({ items: [] }));
    const configRow = (n) =>
      h(
        'tr',
        {},
        h('td', {}, n.id),
        h('td', {}, n.topic),
        h('td', {}, (n.event_types ?? ['all']).join(', ')),
        h('td', {}, n.payload_format),
        h('td', {}, n.object_name_prefix ?? ''),
      );
    fill(
      notifications,
      table(
        ['id', 'topic', 'events', 'payload', 'prefix'],
        (configs.items ?? []).map(configRow),
        'notifications-table',
      ),
    );
  };
  const file = h('input', { type: 'file', testid: 'upload-file' });
  const name = h('input', { placeholder: 'object name (default: file name)', testid: 'upload-name' });
  const upload = async (e) => {
    e.preventDefault();
    const picked = file.files?.[0];
    if (!picked) return;
    const object = name.value || `${prefix.value}${picked.name}`;
    const res = fetch(`/api/storage/upload?bucket=${enc(bucketSelect.value)}&object=${enc(object)}`, {
      method: 'POST',
      headers: { 'content-type': picked.type || 'application/octet-stream' },
      body: picked,
    }).then(async (r) => {
      const body = await r.json();
      if (!r.ok) throw new Error(body.error?.message);
      return body;
    });
    await report(status, res, (o) => `uploaded ${o.name} #${o.generation}`);
    browse();
  };
  const el = h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Buckets'),
    buckets,
    h(
      'div',
      { class: 'panel' },
      h('h3', {}, 'Objects'),
      bucketSelect,
      prefix,
      h('label', {}, versions, ' all generations'),
      h('button', { testid: 'browse-button', onclick: browse }, 'Browse'),
      status,
      objects,
    ),
    h(
      'form',
      { class: 'panel', onsubmit: upload, testid: 'upload-form' },
      h('h3', {}, 'Upload'),
      file,
      name,
      h('button', { type: 'submit', testid: 'upload-submit' }, 'Upload'),
    ),
    h('div', { class: 'panel' }, h('h3', {}, 'Notification configs'), notifications),
  );
  return {
    el,
    update({ overview }) {
      const st = overview?.storage;
      if (!st || st.error)
        return fill(buckets, h('p', { class: 'error' }, st?.error ?? 'Storage is not part of this stack'));
      fill(
        buckets,
        table(
          ['bucket', 'location', 'versioning', 'created'],
          st.buckets.map((b) =>
            h(
              'tr',
              { testid: 'bucket-row' },
              h('td', {}, b.name),
              h('td', {}, b.location ?? ''),
              h('td', {}, b.versioning?.enabled ? 'on' : 'off'),
              h('td', {}, b.timeCreated ?? ''),
            ),
          ),
          'buckets-table',
        ),
      );
      const keep = bucketSelect.value;
      fill(
        bucketSelect,
        st.buckets.map((b) => h('option', { value: b.name }, b.name)),
      );
      if (st.buckets.some((b) => b.name === keep)) bucketSelect.value = keep;
    },
  };
}

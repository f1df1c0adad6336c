// Small DOM and fetch helpers shared by the views; no framework, nothing from a CDN.

/** h('div', { class: 'x', onclick }, child, 'text') → an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'testid') el.dataset.testid = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

export function table(headers, rows, testid) {
  return h(
    'table',
    { testid },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((x) => h('th', {}, x)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'none')),
    ),
  );
}

async function answer(res) {
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(body.error?.message ?? `${res.status}`);
  return body;
}

export const getJson = async (path) => answer(await fetch(path));

export async function postJson(path, body) {
  return answer(
    await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Shows the outcome of an action next to its form. */
export function report(el, promise, ok = 'done') {
  el.textContent = '…';
  el.className = 'status';
  return promise.then(
    (value) => {
      el.textContent = typeof ok === 'function' ? ok(value) : ok;
      return value;
    },
    (err) => {
      el.textContent = err.message;
      el.className = 'status error';
    },
  );
}

export const shortName = (name = '') => name.split('/').pop();

export function ageText(ms) {
  if (!ms) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** "k=v" lines (or comma-separated) → an object. */
export function parsePairs(text) {
  const out = {};
  for (const part of text.split(/[\n,]/)) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

/** Message data (base64) as text, pretty JSON or hex. */
export function renderData(base64, mode) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (mode === 'hex') return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = new TextDecoder().decode(bytes);
  if (mode === 'json') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return `(not JSON) ${text}`;
    }
  }
  return text;
}

// The `fields` query parameter (partial responses): `items(name,size),nextPageToken`, `a/b`, `*`.
import { invalidArgument } from '../../common/index.ts';

/** key → true (whole value) or a nested selection. */
type Selection = Map<string, Selection | true>;

export function parseFields(spec: string): Selection {
  let pos = 0;
  const fail = () => invalidArgument(`Invalid field selection '${spec}'.`);
  const name = () => {
    const m = /^[A-Za-z0-9_*.-]+/.exec(spec.slice(pos));
    if (!m) throw fail();
    pos += m[0].length;
    return m[0];
  };
  const list = (): Selection => {
    const out: Selection = new Map();
    for (;;) {
      const path = [name()];
      while (spec[pos] === '/') {
        pos++;
        path.push(name());
      }
      let leaf: Selection | true = true;
      if (spec[pos] === '(') {
        pos++;
        leaf = list();
        if (spec[pos++] !== ')') throw fail();
      }
      let node = out;
      for (const [i, key] of path.entries()) {
        if (i === path.length - 1) {
          node.set(key, leaf);
          break;
        }
        let next = node.get(key);
        if (next === undefined || next === true) {
          next = new Map();
          node.set(key, next);
        }
        node = next;
      }
      if (spec[pos] !== ',') return out;
      pos++;
    }
  };
  const result = list();
  if (pos !== spec.length) throw fail();
  return result;
}

/** Keeps only the selected parts of a JSON value; arrays apply the selection to each element. */
export function applyFields(value: unknown, sel: Selection): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, sel));
  if (typeof value !== 'object' || value === null) return value;
  const src = value as Record<string, unknown>;
  if (sel.has('*')) return src;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of sel) {
    if (!(key in src)) continue;
    out[key] = sub === true ? src[key] : applyFields(src[key], sub);
  }
  return out;
}

// Finds where a path of keys lives in a parsed YAML document, for error line numbers. A path that
// does not exist (a missing required field) resolves to its nearest existing parent.
import { type Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

export function locate(
  doc: Document,
  path: readonly (string | number)[],
): { offset: number; found: boolean } {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const key of path) {
    const next = child(node, key);
    if (!next) return { offset, found: false };
    // For a map entry, point at the key: that is the line a reader looks for.
    offset = rangeStart(next.key) ?? rangeStart(next.value) ?? offset;
    node = next.value;
  }
  return { offset, found: true };
}

function child(node: unknown, key: string | number): { key: unknown; value: unknown } | undefined {
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { key: item, value: item };
  }
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && (isScalar(item.key) ? item.key.value : item.key) === key,
    );
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

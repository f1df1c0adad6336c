// Top functions of a .cpuprofile by self and inclusive time: `npx tsx bench/profile/storage-top.ts
// FILE.cpuprofile [--n 30]`. Inclusive time counts a function once per sample even when recursive.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string', default: '30' } },
});
const top = Number(flags.n);
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode) => {
  const file = n.callFrame.url.replace(/^.*\/(main|node_modules)\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const id of profile.samples) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const l = label(byId.get(at)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + 1);
  }
}
const total = profile.samples.length;
const print = (title: string, counts: Map<string, number>) => {
  console.log(`${title} (${total} samples)`);
  for (const [l, c] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${l}`);
};
print('self', self);
print('inclusive', inclusive);

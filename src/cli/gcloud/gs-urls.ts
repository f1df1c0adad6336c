// gs:// URLs and wildcards as gcloud storage and gsutil read them: `*` and `?` stay within one
// path level, `**` crosses levels; local paths expand the same way against the file system.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface GsUrl {
  bucket: string;
  object: string;
}

/** `gs://bucket/path` → parts; undefined for a local path. */
export function parseGsUrl(value: string): GsUrl | undefined {
  const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(value);
  return match ? { bucket: match[1]!, object: match[2]! } : undefined;
}

export const hasWildcard = (text: string): boolean => /[*?[]/.test(text);

/** A regular expression for a wildcard path: `*`/`?` do not cross `/`, `**` does. */
export function wildcardRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += pattern.slice(i, end + 1);
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The literal prefix before the first wildcard (what to list with). */
export function literalPrefix(pattern: string): string {
  const at = pattern.search(/[*?[]/);
  return at < 0 ? pattern : pattern.slice(0, at);
}

/** Local files for a path (a file, a folder with `recursive`, or a wildcard), with the base they are relative to. */
export async function expandLocal(
  path: string,
  recursive: boolean,
): Promise<Array<{ file: string; name: string }>> {
  if (!hasWildcard(path)) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new Error(`The following URLs matched no objects or files:\n-${path}`);
    if (!info.isDirectory()) return [{ file: path, name: path.split(sep).pop()! }];
    if (!recursive) throw new Error(`${path} is a directory: use -r to copy it`);
    const base = join(path, '..');
    return (await walk(path)).map((file) => ({ file, name: relative(base, file).split(sep).join('/') }));
  }
  const prefix = literalPrefix(path);
  const root = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) || '/' : '.';
  const re = wildcardRegExp(path.replace(/^\.\//, ''));
  const files = (await walk(root)).filter((f) => re.test(f.replace(/^\.\//, '')));
  if (files.length === 0) throw new Error(`The following URLs matched no objects or files:\n-${path}`);
  return files.map((file) => ({ file, name: file.split('/').pop()! }));
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = dir === '.' ? entry.name : join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

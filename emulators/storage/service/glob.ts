// `matchGlob` of objects.list: `*` and `?` stay within one path segment, `**` crosses `/`,
// `[abc]`/`[!abc]` are character classes and `{a,b}` alternatives.
import { invalidArgument } from '../../common/index.ts';

const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Compiles a GCS glob into an anchored RegExp; malformed globs are 400. */
export function compileGlob(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` may also match nothing at all (a/**/b matches a/b).
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw invalidArgument(`Invalid matchGlob '${glob}': unclosed '['.`);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else re += escapeChar(c);
  }
  if (inBraces > 0) throw invalidArgument(`Invalid matchGlob '${glob}': unclosed '{'.`);
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch {
    throw invalidArgument(`Invalid matchGlob '${glob}'.`);
  }
}

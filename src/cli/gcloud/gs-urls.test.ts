// Wildcard matching of gs:// paths: one level for * and ?, any depth for **.
import { describe, expect, test } from 'vitest';
import { literalPrefix, parseGsUrl, wildcardRegExp } from './gs-urls.ts';

describe('gs urls', () => {
  test('parse', () => {
    expect(parseGsUrl('gs://b/a/c.txt')).toEqual({ bucket: 'b', object: 'a/c.txt' });
    expect(parseGsUrl('gs://b')).toEqual({ bucket: 'b', object: '' });
    expect(parseGsUrl('local/file')).toBeUndefined();
  });
  test('wildcards', () => {
    expect(wildcardRegExp('*.txt').test('a.txt')).toBe(true);
    expect(wildcardRegExp('*.txt').test('d/a.txt')).toBe(false);
    expect(wildcardRegExp('**.txt').test('d/a.txt')).toBe(true);
    expect(wildcardRegExp('d/**').test('d/e/f')).toBe(true);
    expect(wildcardRegExp('f?le[0-9]').test('file7')).toBe(true);
    expect(literalPrefix('dir/a*b/**')).toBe('dir/a');
  });
});

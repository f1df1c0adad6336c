// List pagination shared by every List* call: names sorted, the page token is the last name seen.
import { invalidArgument } from '../../common/index.ts';

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

export function paginate<T>(items: T[], nameOf: (t: T) => string, pageSize = 0, pageToken = ''): Page<T> {
  if (pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const size = pageSize > 0 ? Math.min(pageSize, 1000) : 1000;
  let after = '';
  if (pageToken) {
    try {
      after = Buffer.from(pageToken, 'base64url').toString('utf8');
    } catch {
      throw invalidArgument('Invalid page_token.');
    }
  }
  const sorted = items.map((t) => ({ t, n: nameOf(t) })).sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  const rest = after ? sorted.filter((x) => x.n > after) : sorted;
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  return {
    items: page.map((x) => x.t),
    nextPageToken: rest.length > size && last ? Buffer.from(last.n).toString('base64url') : '',
  };
}

// The CompleteMultipartUpload reader: namespaces, entities and quoted ETags as clients send them.
import { describe, expect, it } from 'vitest';
import { parseCompleteBody } from './multipart-xml.ts';

const code = (text: string) => {
  try {
    parseCompleteBody(text);
    return 'parsed';
  } catch (err) {
    return (err as { details?: { reason?: string } }).details?.reason;
  }
};

describe('parseCompleteBody', () => {
  it('reads parts in the order given, quotes and entities removed from ETags', () => {
    const body = `<?xml version="1.0"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
      <Part><PartNumber>2</PartNumber><ETag>&quot;aa&quot;</ETag></Part>
      <Part><ETag>"bb"</ETag><PartNumber> 1 </PartNumber></Part>
      <Part><PartNumber>3</PartNumber><ETag>cc</ETag></Part></CompleteMultipartUpload>`;
    expect(parseCompleteBody(body)).toEqual([
      { partNumber: 2, etag: 'aa' },
      { partNumber: 1, etag: 'bb' },
      { partNumber: 3, etag: 'cc' },
    ]);
  });

  it('takes namespace prefixes', () => {
    const body =
      '<s3:CompleteMultipartUpload xmlns:s3="x"><s3:Part><s3:PartNumber>1</s3:PartNumber><s3:ETag>e</s3:ETag></s3:Part></s3:CompleteMultipartUpload>';
    expect(parseCompleteBody(body)).toEqual([{ partNumber: 1, etag: 'e' }]);
  });

  it('is MalformedXML without the root, without parts, or with a part lacking a number', () => {
    expect(code('')).toBe('MalformedXML');
    expect(code('<CompleteMultipartUpload/>')).toBe('MalformedXML');
    expect(code('<CompleteMultipartUpload></CompleteMultipartUpload>')).toBe('MalformedXML');
    expect(code('<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>')).toBe(
      'MalformedXML',
    );
    expect(
      code(
        '<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>',
      ),
    ).toBe('MalformedXML');
  });
});

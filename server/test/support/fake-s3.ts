// An S3-compatible service, in this process, for the tests of the bucket store: the boundary we do
// not own (AWS S3, R2, MinIO). It keeps objects in memory and answers what the store asks —
// PUT, GET, DELETE and ListObjectsV2 (two keys a page, to walk continuation tokens) — with S3's
// status codes and XML, and refuses what S3 refuses: a request not signed with SigV4 by the
// expected key, a PUT without Content-Length (S3 takes no chunked body).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  endpoint: string;
  objects: Map<string, Buffer>;
  /** Each request: method, path and query, and its Content-Length. */
  requests: { method: string; url: string; length?: string }[];
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>${body}`;
const error = (code: string) => xml(`<Error><Code>${code}</Code><Message>${code}</Message></Error>`);

export async function startFakeS3(bucket: string, accessKeyId: string): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const requests: FakeS3['requests'] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://s3');
    requests.push({ method: req.method!, url: url.pathname + url.search, length: req.headers['content-length'] });
    const reply = (status: number, body = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/xml', ...headers });
      res.end(body);
    };
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`) || !req.headers['x-amz-date']) {
      return reply(403, error('SignatureDoesNotMatch'));
    }
    const [, name, ...rest] = url.pathname.split('/');
    if (name !== bucket) return reply(404, error('NoSuchBucket'));
    const key = decodeURIComponent(rest.join('/'));
    if (req.method === 'PUT') {
      if (req.headers['content-length'] === undefined) return reply(411, error('MissingContentLength'));
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      objects.set(key, Buffer.concat(chunks));
      return reply(200);
    }
    if (req.method === 'GET' && key) {
      const object = objects.get(key);
      if (!object) return reply(404, error('NoSuchKey'));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': object.length });
      return void res.end(object);
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return reply(204);
    }
    if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = Number(url.searchParams.get('continuation-token') ?? 0);
      const page = keys.slice(start, start + 2);
      const truncated = start + 2 < keys.length;
      return reply(
        200,
        xml(
          `<ListBucketResult><Name>${bucket}</Name><Prefix>${prefix}</Prefix>` +
            page.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('') +
            `<IsTruncated>${truncated}</IsTruncated>` +
            (truncated ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : '') +
            `</ListBucketResult>`,
        ),
      );
    }
    return reply(400, error('InvalidRequest'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

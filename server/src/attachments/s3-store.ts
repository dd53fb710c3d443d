import { randomBytes } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { FileStore } from './storage.js';

// Attachments in an S3-compatible bucket (docs/server.md, "Attachments"): AWS S3, Cloudflare R2,
// MinIO, Backblaze B2... so that several server machines share them. Requests are signed with
// SigV4 by aws4fetch (small, made for signing fetch requests); a file is received and checked on
// the local disk first, as with the disk store, and only a checked file goes to the bucket,
// streamed from disk with its length.

export interface S3Settings {
  bucket: string;
  /** The service's base URL, path-style: `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every object's key (default `attachments/`). */
  prefix?: string;
}

const ID = /^a_[\w-]{22}$/;

/** S3_BUCKET and the rest from the environment, or undefined without S3_BUCKET; a missing key is an error. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): S3Settings | undefined {
  if (!env.S3_BUCKET) return undefined;
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('S3_BUCKET is set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are needed too.');
  }
  const region = env.S3_REGION ?? 'us-east-1';
  return {
    bucket: env.S3_BUCKET,
    endpoint: (env.S3_ENDPOINT ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, ''),
    region,
    accessKeyId,
    secretAccessKey,
    prefix: env.S3_PREFIX,
  };
}

/** Thrown when the bucket answers with an error: its status, and S3's own code when it says one. */
async function failure(what: string, response: Response): Promise<Error> {
  const body = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  return new Error(`The bucket refused to ${what}: ${response.status}${code ? ` ${code}` : ''}.`);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#x[\da-f]+|#\d+);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(Number.parseInt(e.slice(e[1] === 'x' ? 2 : 1), e[1] === 'x' ? 16 : 10))
      : XML_ENTITIES[e]!,
  );

export function s3Store(settings: S3Settings): FileStore {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    service: 's3',
    region: settings.region,
    retries: 2,
  });
  const prefix = settings.prefix ?? 'attachments/';
  const bucket = `${settings.endpoint}/${encodeURIComponent(settings.bucket)}`;
  const objectUrl = (id: string) => {
    if (!ID.test(id)) throw new Error(`Not an attachment id: ${id}`);
    return `${bucket}/${prefix}${id}`;
  };
  const incomingDir = join(tmpdir(), 'opencx-incoming');
  let made: Promise<unknown> | undefined;
  const scratch = () => join(incomingDir, randomBytes(12).toString('base64url'));

  return {
    scratch,
    async incoming() {
      await (made ??= mkdir(incomingDir, { recursive: true }));
      const path = scratch();
      return { path, stream: createWriteStream(path, { flags: 'wx' }) };
    },
    async commit(path, id) {
      // A file-backed Blob: sent from disk as it is read, with its Content-Length (S3 takes no chunked body).
      const response = await client.fetch(objectUrl(id), {
        method: 'PUT',
        body: await openAsBlob(path),
        headers: { 'Content-Type': 'application/octet-stream' },
      });
      if (!response.ok) throw await failure('store a file', response);
      await rm(path, { force: true });
    },
    async open(id) {
      const response = await client.fetch(objectUrl(id));
      if (response.status === 404) return undefined;
      if (!response.ok || !response.body) throw await failure('read a file', response);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
    async remove(id) {
      const response = await client.fetch(objectUrl(id), { method: 'DELETE' });
      if (!response.ok && response.status !== 404) throw await failure('delete a file', response);
    },
    async *ids() {
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix });
        if (token) query.set('continuation-token', token);
        const response = await client.fetch(`${bucket}?${query}`);
        if (!response.ok) throw await failure('list files', response);
        const xml = await response.text();
        for (const [, key] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) {
          const id = key!.slice(prefix.length);
          if (key!.startsWith(prefix) && ID.test(id)) yield id;
        }
        const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml) && next ? unescapeXml(next) : undefined;
      } while (token);
    },
  };
}

import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiProblem } from '../http/problem.js';
import type { FileStore } from './storage.js';

// One file from a multipart/form-data request, streamed to an incoming file as it arrives
// (docs/server.md, "Attachments"): the server holds a few chunks of it in memory, never the file.

/** A file received whole, not yet checked. */
export interface Received {
  path: string;
  name: string;
  size: number;
}

/** The longest file name kept; longer ones are cut (their extension kept). */
const MAX_NAME = 200;

/**
 * The name as shown to people: no folders (`../../etc/passwd` is `passwd`), no control or
 * direction-changing characters (which make `exe.png` read as `gnp.exe`), never empty.
 */
export function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/^[\s.]+|\s+$/g, '');
  if (!clean) return 'file';
  if (clean.length <= MAX_NAME) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_NAME - extension.length) + extension;
}

const badRequest = (message: string) => new ApiProblem(400, 'bad_request', message, { fields: ['file'] });

export const tooLarge = (maxBytes: number) =>
  new ApiProblem(413, 'file_too_large', `The file is larger than ${formatBytes(maxBytes)}.`, { maxBytes });

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Reads the one field `file` of `request` into an incoming file of `store`. A body that is not
 * multipart, has no file or more than one, an empty file, or a file over `maxBytes` is refused, and
 * whatever was written of it is deleted, as it is when the upload is cut.
 */
export async function receiveFile(request: Request, store: FileStore, maxBytes: number): Promise<Received> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type) || !request.body) {
    throw badRequest('Send the file as multipart/form-data, in a field named "file".');
  }
  const declared = Number(request.headers.get('content-length'));
  // A body far larger than the file may be is refused before it is read.
  if (declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': type },
      // Browsers send file names as UTF-8.
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxBytes, fields: 5, parts: 6 },
    });
  } catch {
    throw badRequest('The multipart body has no boundary.');
  }
  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const incoming = await store.incoming();
  let received: Promise<Received> | undefined;
  let extra = false;
  let over = false;
  parser.on('file', (field, stream, info) => {
    if (field !== 'file' || received) {
      extra = true;
      stream.resume();
      return;
    }
    let size = 0;
    stream.on('data', (chunk: Buffer) => (size += chunk.length));
    stream.on('limit', () => {
      // The rest is not read: a 2 GB upload stops here, not at its end.
      over = true;
      body.destroy();
    });
    received = pipeline(stream, incoming.stream).then(() => ({
      path: incoming.path,
      name: cleanName(info.filename ?? ''),
      size,
    }));
    // Settled by the checks below; a rejection here must not go unheard meanwhile.
    received.catch(() => {});
  });
  parser.on('filesLimit', () => {
    extra = true;
  });
  try {
    await pipeline(body, parser);
    if (!received) {
      incoming.stream.destroy();
      throw badRequest(extra ? 'Send the file in a field named "file".' : 'The request holds no file.');
    }
    const file = await received;
    if (over) throw tooLarge(maxBytes);
    if (extra) throw badRequest('Send one file at a time.');
    if (file.size === 0) throw badRequest('The file is empty.');
    return file;
  } catch (error) {
    incoming.stream.destroy();
    await rm(incoming.path, { force: true });
    if (over) throw tooLarge(maxBytes);
    if (error instanceof ApiProblem) throw error;
    // A body cut in the middle, or not multipart after all.
    throw badRequest('The upload was cut off or is not valid multipart/form-data.');
  }
}

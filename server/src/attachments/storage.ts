import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

// Where attachments' bytes live (docs/server.md, "Attachments"). A file arrives in an incoming
// file of its own, is checked there, and only then is committed under its id: a cut upload never
// leaves a file that looks complete. The database knows which ids exist; the store only holds bytes.

/** A file being received: write to `stream`, then commit or discard `path`. */
export interface Incoming {
  readonly path: string;
  readonly stream: Writable;
}

export interface FileStore {
  /** A new incoming file. */
  incoming(): Promise<Incoming>;
  /** Makes the checked file at `path` (incoming or made from one) the attachment `id`. */
  commit(path: string, id: string): Promise<void>;
  /** The bytes of attachment `id`, or undefined when there are none. */
  open(id: string): Promise<Readable | undefined>;
  remove(id: string): Promise<void>;
  /** Every attachment id held, for the sweep that deletes those the database no longer knows. */
  ids(): AsyncIterable<string>;
  /** A path for a file made from an incoming one (a re-encoded image), discarded or committed like it. */
  scratch(): string;
}

/** Ids are made by the server (db/attachments.ts); anything else is not a file name here. */
const ID = /^a_[\w-]{22}$/;

/** Attachments in `dir` on the local disk (made if missing): one file per id, incoming ones in `dir/.incoming`. */
export function diskStore(dir: string): FileStore {
  const incomingDir = join(dir, '.incoming');
  let made: Promise<unknown> | undefined;
  const ready = () => (made ??= mkdir(incomingDir, { recursive: true }));
  const pathOf = (id: string) => {
    if (!ID.test(id)) throw new Error(`Not an attachment id: ${id}`);
    return join(dir, id);
  };
  const scratch = () => join(incomingDir, randomBytes(12).toString('base64url'));
  return {
    scratch,
    async incoming() {
      await ready();
      const path = scratch();
      return { path, stream: createWriteStream(path, { flags: 'wx' }) };
    },
    async commit(path, id) {
      await rename(path, pathOf(id));
    },
    async open(id) {
      const path = pathOf(id);
      try {
        await stat(path);
      } catch {
        return undefined;
      }
      return createReadStream(path);
    },
    async remove(id) {
      await rm(pathOf(id), { force: true });
    },
    async *ids() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      for (const name of names) if (ID.test(name)) yield name;
    },
  };
}

import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

// What a file is, read from its bytes (docs/server.md, "Attachments"): never from its name or the
// type the browser declared, which the sender chooses. `file-type` knows the signatures of binary
// formats; text has none, so it is text when its first bytes are UTF-8 without NUL.

/** Raster images shown inline: re-encoded on arrival (attachments/images.ts), so nothing but pixels is served. */
export const SAFE_IMAGES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The types a widget accepts unless set otherwise. */
export const DEFAULT_TYPES = [...SAFE_IMAGES, 'application/pdf'];

/** Every type a widget may accept: what the server can tell by content and serve safely. */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([...DEFAULT_TYPES, 'text/plain']);

const TEXT_SAMPLE = 64 * 1024;

async function isText(path: string): Promise<boolean> {
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(TEXT_SAMPLE);
    const { bytesRead } = await file.read(buffer, 0, TEXT_SAMPLE, 0);
    const sample = buffer.subarray(0, bytesRead);
    if (sample.includes(0)) return false;
    // The sample may end inside a character: only its last three bytes may be an unfinished one.
    for (let cut = 0; cut <= Math.min(3, sample.length); cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
        return true;
      } catch {
        // try without the last byte
      }
    }
    return false;
  } finally {
    await file.close();
  }
}

/** The MIME type of the file at `path` by its content, or undefined when it is none the server knows. */
export async function contentTypeOf(path: string): Promise<string | undefined> {
  const detected = await fileTypeFromFile(path);
  if (detected) return KNOWN_TYPES.has(detected.mime) ? detected.mime : undefined;
  return (await isText(path)) ? 'text/plain' : undefined;
}

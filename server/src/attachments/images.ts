import sharp from 'sharp';

// Images are re-encoded on arrival (docs/server.md, "Attachments"): what is served is pixels the
// server wrote, with no metadata (EXIF location, camera, comments) and nothing a polyglot hid in
// the original. The orientation the camera recorded is applied first, so the picture stays upright.

/** A picture wider or taller than this many pixels in all is refused (a small file can decode to gigabytes). */
const MAX_PIXELS = 40_000_000;

const FORMAT = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' } as const;

/** Writes the image at `from` (of `contentType`, a SAFE_IMAGES type) to `to`, clean; returns its size. Throws when it is not a readable image. */
export async function reencode(from: string, to: string, contentType: keyof typeof FORMAT): Promise<number> {
  const info = await sharp(from, {
    animated: contentType === 'image/gif' || contentType === 'image/webp',
    limitInputPixels: MAX_PIXELS,
  })
    .autoOrient()
    .toFormat(FORMAT[contentType])
    .toFile(to);
  return info.size;
}

export const isReencodable = (contentType: string): contentType is keyof typeof FORMAT => contentType in FORMAT;

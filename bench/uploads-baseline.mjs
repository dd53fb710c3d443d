// The baseline of bench/uploads.mjs: a Hono app reading an upload the common way, the whole form
// in memory (`c.req.parseBody()`), then writing the file. Not part of the product.
import { File } from 'node:buffer';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().post('/upload', async (c) => {
  const form = await c.req.parseBody();
  const file = form.file;
  if (!(file instanceof File)) return c.json({ error: 'no file' }, 400);
  await writeFile(join(process.env.UPLOAD_DIR, 'upload'), Buffer.from(await file.arrayBuffer()));
  return c.json({ size: file.size }, 201);
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('ready'));

// `npm start`: builds the widget and serves the demo on http://localhost:8787 (PORT, HOST to change).
// Until the reference server and the demo pages land (issues 4 and 6) this serves a placeholder
// page that says what exists so far; the reference server replaces this script.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.css': 'text/css',
  '.md': 'text/markdown; charset=utf-8',
};
const MOUNTS = { '/dist/': 'dist', '/docs/': 'docs', '/': 'demo' };

await run(process.execPath, [join(root, 'scripts/build.mjs')], { system: true, cwd: root });

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const prefix = Object.keys(MOUNTS).find((p) => path.startsWith(p));
  const base = join(root, MOUNTS[prefix]);
  let file = normalize(join(base, path.slice(prefix.length)));
  if (!file.startsWith(base)) file = base; // no climbing out with ../
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => console.log(`\nOpenCX widget demo: http://localhost:${port}\n(Ctrl-C to stop)`));
server.on('error', (error) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: run PORT=<another> npm start` : error.message);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

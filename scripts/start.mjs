// `npm start`: builds the widget and the server when their sources changed since the last build,
// then runs the reference server, which serves the API, the demo site and the built widget on
// http://localhost:8787 (PORT to change). A second start with nothing changed skips the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Written by scripts/build.mjs when a build succeeds.
const STAMP = join(root, 'dist', '.built');
const SOURCES = [
  'src',
  'server/src',
  'server/package.json',
  'server/tsconfig.json',
  'server/tsconfig.build.json',
  'scripts/build.mjs',
  'package.json',
  'custom-elements-manifest.config.mjs',
];

/** The newest modification time under `path` (a file or a folder), in milliseconds. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = [
  ...SOURCES.map((p) => join(root, p)),
  ...readdirSync(root)
    .filter((name) => /^(vite\..*|tsconfig.*)\.(ts|json)$/.test(name))
    .map((name) => join(root, name)),
];
const upToDate =
  existsSync(STAMP) &&
  existsSync(join(root, 'server/dist/main.js')) &&
  Math.max(...sources.map(newest)) < statSync(STAMP).mtimeMs;
if (upToDate) {
  console.log('The widget and the server are up to date: no build needed.');
} else {
  await run(process.execPath, ['scripts/build.mjs'], { system: true, cwd: root });
}
await run(process.execPath, ['server/dist/main.js'], { system: true, cwd: root }).catch((error) => {
  // Ctrl-C ends the server through its own signal handler; anything else is worth showing.
  if (!/SIGINT|SIGTERM|exited with 0/.test(error.message)) throw error;
});

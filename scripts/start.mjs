// `npm start`: builds the widget and the server, then runs the reference server, which serves the
// API, the demo site and the built widget on http://localhost:8787 (PORT to change).
import { fileURLToPath } from 'node:url';
import { run } from './run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await run(process.execPath, ['scripts/build.mjs'], { system: true, cwd: root });
await run(process.execPath, ['server/dist/main.js'], { system: true, cwd: root }).catch((error) => {
  // Ctrl-C ends the server through its own signal handler; anything else is worth showing.
  if (!/SIGINT|SIGTERM|exited with 0/.test(error.message)) throw error;
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

/** Runs a command (a local bin by name, else from PATH) with inherited output; rejects on a non-zero exit. */
export function run(command, args = [], options = {}) {
  const local = !command.includes('/') && !options.system;
  return new Promise((resolve, reject) => {
    const child = spawn(local ? bin + command : command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`)),
    );
  });
}

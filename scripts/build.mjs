// `npm run build`: the library bundles (Vite) and their type declarations (tsc).
import { run } from './run.mjs';

await run('vite', ['build', '--logLevel', 'warn']);
await run('tsc', ['-p', 'tsconfig.build.json']);

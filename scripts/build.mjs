// `npm run build`: the library bundles (Vite), their type declarations (tsc) and the Custom
// Elements Manifest (custom-elements.json, committed: editors and framework tooling read it).
import { writeFileSync } from 'node:fs';
import { run } from './run.mjs';

await run('vite', ['build', '--logLevel', 'warn']);
await run('vite', ['build', '--logLevel', 'warn', '--config', 'vite.embed.config.ts']);
await run('vite', ['build', '--logLevel', 'warn', '--config', 'vite.embed-classic.config.ts']);
await run('tsc', ['-p', 'tsconfig.build.json']);
await run('tsc', ['-p', 'server/tsconfig.json']);
await run('cem', ['analyze', '--quiet']);
// When this build was made: `npm start` skips the build while no source is newer.
writeFileSync(new URL('../dist/.built', import.meta.url), '');

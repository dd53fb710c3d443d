// `npm run build`: the library bundles (Vite), their type declarations (tsc), the reference server
// (server/dist) with its console page, and the Custom Elements Manifest (custom-elements.json, committed: editors and
// framework tooling read it).
import { rmSync, writeFileSync } from 'node:fs';
import { run } from './run.mjs';

await run('vite', ['build', '--logLevel', 'warn']);
await run('vite', ['build', '--logLevel', 'warn', '--config', 'vite.embed.config.ts']);
await run('vite', ['build', '--logLevel', 'warn', '--config', 'vite.embed-classic.config.ts']);
await run('tsc', ['-p', 'tsconfig.build.json']);
// The server's build from scratch: a module moved or removed must not live on in server/dist.
rmSync(new URL('../server/dist', import.meta.url), { recursive: true, force: true });
await run('tsc', ['-p', 'server/tsconfig.build.json']);
// The agent console page, into server/dist/console (served at /console/).
await run('vite', ['build', '--logLevel', 'warn', '--config', 'vite.console.config.ts']);
await run('cem', ['analyze', '--quiet']);
// When this build was made: `npm start` skips the build while no source is newer.
writeFileSync(new URL('../dist/.built', import.meta.url), '');

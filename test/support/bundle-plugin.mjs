// React ships only CommonJS, and an ES module in the browser cannot import named exports
// (`import { useState } from 'react'`) from CommonJS converted one file at a time: the names hide
// behind `module.exports = require('./cjs/react.development.js')`. So the test files this plugin
// matches (the React suites, `*.test.tsx`) are served bundled by esbuild, which resolves CommonJS
// inside the bundle the way an application's bundler does. Every other file is served as before.
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * A dev-server plugin that serves each file whose path matches `include` as one esbuild bundle,
 * built when it is requested (so `--watch` picks up changes). Imports matching `external` stay
 * imports (paths other plugins serve, such as the mock API's origin).
 */
export function esbuildBundlePlugin({ include, external = [], tsconfig = 'tsconfig.json' }) {
  let rootDir;
  return {
    name: 'opencx-esbuild-bundle',
    serverStart({ config }) {
      rootDir = config.rootDir;
    },
    async serve(context) {
      if (!include.test(context.path)) return undefined;
      const file = join(rootDir, context.path);
      const result = await build({
        entryPoints: [file],
        // Not written: it only places the source map's paths relative to the served file.
        outfile: file,
        absWorkingDir: rootDir,
        bundle: true,
        write: false,
        format: 'esm',
        target: 'es2022',
        platform: 'browser',
        sourcemap: 'inline',
        tsconfig,
        external,
        logLevel: 'error',
        // React picks its development build (warnings, StrictMode's double effects) from this.
        define: { 'process.env.NODE_ENV': '"development"' },
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}

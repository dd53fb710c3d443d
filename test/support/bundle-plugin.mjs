// React ships only CommonJS, and an ES module in the browser cannot import named exports
// (`import { useState } from 'react'`) from CommonJS converted one file at a time: the names hide
// behind `module.exports = require('./cjs/react.development.js')`. So the test files this plugin
// matches (the React suites, `*.test.tsx`) are served bundled by esbuild, which resolves CommonJS
// inside the bundle the way an application's bundler does. Only the test file, the files it
// imports by relative path and the CommonJS packages are bundled: every other import (`rxjs`,
// `@open-wc/testing`, the mock API's origin) stays an import, served as for every other file.
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * A dev-server plugin that serves each file whose path matches `include` as an esbuild bundle of
 * it, its relative imports and `packages`, built when it is requested (so `--watch` picks up
 * changes).
 */
export function esbuildBundlePlugin({ include, packages, tsconfig = 'tsconfig.json' }) {
  const bundled = new RegExp(`^(${packages.join('|')})(/|$)`);
  const onlyCommonJs = {
    name: 'only-commonjs-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^.]/ }, ({ path, kind }) =>
        kind === 'entry-point' || bundled.test(path) ? undefined : { path, external: true },
      );
    },
  };
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
        // Stack traces are mapped back to the sources; their text is not needed in the map.
        sourcemap: 'inline',
        sourcesContent: false,
        tsconfig,
        plugins: [onlyCommonJs],
        logLevel: 'error',
        // React picks its development build (warnings, StrictMode's double effects) from this.
        define: { 'process.env.NODE_ENV': '"development"' },
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}

import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { minifyCssLiterals } from './vite.minify-css.js';

/** A module of ours that registers an element when it runs (`define('opencx-…', …)`). */
const definesElements = (id: string) =>
  id.includes('/src/') && /\bdefine\(\s*'opencx-/.test(readFileSync(id.split('?')[0]!, 'utf8'));

// Library build: one ES module per public entry (package.json's `exports`), dependencies left
// external so bundler users dedupe them. Type declarations come from `tsc -p tsconfig.build.json`.
export default defineConfig({
  plugins: [minifyCssLiterals()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: they were 69% of the published package (bench/README.md, "What an install
    // weighs"), for code that users' bundlers map again from their own builds.
    sourcemap: false,
    lib: {
      entry: { index: 'src/index.ts', elements: 'src/elements.ts', react: 'src/react.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^rxjs(\/|$)/, /^valibot$/, /^lit(\/|$)/, /^@lit\//, /^streaming-markdown$/, /^react(\/|$)/],
      output: {
        minify: true,
        // package.json's sideEffects names the files that register elements, so a bundler keeps
        // them: a shared chunk that does gets a name it can match, whatever the chunking does.
        chunkFileNames: (chunk) =>
          !chunk.isDynamicEntry && chunk.moduleIds.some(definesElements)
            ? 'custom-elements-[hash].js'
            : '[name]-[hash].js',
        // The Trusted Types notice must run before Lit does, and `lit` is external: in a chunk of
        // its own, elements.js imports it ahead of `lit` (src/elements/trusted-types.ts).
        codeSplitting: { groups: [{ name: 'trusted-types', test: /src\/elements\/trusted-types\.ts$/ }] },
      },
    },
  },
});

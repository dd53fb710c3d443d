import { defineConfig } from 'vite';

// Library build (../shared/API.md §0): one ES module per public entry, dependencies left external
// so bundler users dedupe them. Type declarations come from `tsc -p tsconfig.build.json`.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', elements: 'src/elements.ts', react: 'src/react.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^rxjs(\/|$)/, /^valibot$/, /^lit(\/|$)/, /^@lit\//, /^marked$/, /^react(\/|$)/],
      output: { minify: true },
    },
  },
});

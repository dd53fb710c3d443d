import { defineConfig } from 'vite';
import { minifyCssLiterals } from './vite.minify-css.js';

// dist/embed.js: self-contained (no bare imports), for a plain <script type="module"> tag. Lazy
// chunks (the panel, each language) are emitted beside it and imported relative to it.
export default defineConfig({
  plugins: [minifyCssLiterals()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    // No source maps, as in vite.config.ts: see bench/README.md, "What an install weighs".
    sourcemap: false,
    lib: { entry: { embed: 'src/embed.ts' }, formats: ['es'] },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true, chunkFileNames: 'embed/[name]-[hash].js' },
    },
  },
});

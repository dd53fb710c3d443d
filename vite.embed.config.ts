import { defineConfig } from 'vite';

// dist/embed.js: self-contained (no bare imports), for a plain <script type="module"> tag. Lazy
// chunks (the panel, each language) are emitted beside it and imported relative to it.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: { entry: { embed: 'src/embed.ts' }, formats: ['es'] },
    rolldownOptions: { output: { minify: true, chunkFileNames: 'embed/[name]-[hash].js' } },
  },
});

import { defineConfig } from 'vite';
import { minifyCssLiterals } from './vite.minify-css.js';

// server/dist/console/: the agent console page (server/src/console), served by the reference
// server at /console/ (docs/console.md). Built from the widget's own elements and tokens.
export default defineConfig({
  root: 'server/src/console',
  base: '/console/',
  plugins: [minifyCssLiterals()],
  build: {
    target: 'es2022',
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: { output: { minify: true } },
  },
});

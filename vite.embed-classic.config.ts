import { defineConfig } from 'vite';

// dist/embed-classic.js: a classic script (no modules) that queues LaunchChatWidget calls and
// imports embed.js from beside itself. Built after embed.js, into the same folder.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    // Seven lines of source: a map would weigh more than the script.
    sourcemap: false,
    lib: { entry: { 'embed-classic': 'src/embed-classic.ts' }, formats: ['iife'], name: 'OpenCXEmbedClassic' },
    rolldownOptions: { output: { minify: true, entryFileNames: '[name].js' } },
  },
});

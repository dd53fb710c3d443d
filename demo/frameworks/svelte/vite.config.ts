import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built app works wherever it is served (the reference server puts it
  // at /frameworks/svelte/dist/).
  base: './',
  plugins: [svelte()],
});

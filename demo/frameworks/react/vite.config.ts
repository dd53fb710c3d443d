import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built app works wherever it is served (the reference server puts it
  // at /frameworks/react/dist/).
  base: './',
  plugins: [react()],
});

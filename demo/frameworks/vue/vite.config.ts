import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built app works wherever it is served (the reference server puts it
  // at /frameworks/vue/dist/).
  base: './',
  plugins: [
    vue({
      // <opencx-*> are custom elements, not Vue components: Vue must leave them to the browser.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('opencx-') } },
    }),
  ],
});

// Registers <opencx-chat> and <opencx-trigger> before Vue renders them.
import '@opencx/widget/elements';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');

// Registers <opencx-chat> and <opencx-trigger> before Svelte renders them.
import '@opencx/widget/elements';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });

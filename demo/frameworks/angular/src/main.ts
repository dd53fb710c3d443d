// Registers <opencx-chat> and <opencx-trigger> before Angular renders them.
import '@opencx/widget/elements';
import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

bootstrapApplication(App, appConfig).catch((err) => console.error(err));

// The console page's script: one element, the whole console (docs/console.md).
import './console-app.js';

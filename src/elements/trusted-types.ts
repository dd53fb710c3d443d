// Lit renders through a Trusted Types policy named `lit-html`, which it creates as it loads. On a
// page whose Content-Security-Policy enforces Trusted Types without allowing that name, Lit throws
// as it loads, and the browser's message names neither the widget nor the fix. This module runs
// before Lit (first in src/elements.ts; a chunk of its own in the package build), so it hears the
// violation and says what to change (docs/security.md, "Trusted Types").
// The sample of a `trusted-types` violation is the policy's name.
globalThis.document?.addEventListener('securitypolicyviolation', (event) => {
  if (event.sample == 'lit-html' && event.disposition == 'enforce')
    // eslint-disable-next-line no-restricted-globals -- the logger's settings live on the element, which cannot load
    console.error('[OpenCX] The CSP blocks the widget: add lit-html to trusted-types');
});

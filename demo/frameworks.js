// Each example app is served at /frameworks/<name>/dist/ once built (npm test builds all four):
// say which are, and for the others hide the link that would lead nowhere.
for (const app of document.querySelectorAll('[data-app]')) {
  const status = app.querySelector('.status');
  const open = app.querySelector('.open');
  fetch(`/frameworks/${app.dataset.app}/dist/`, { method: 'HEAD' })
    .then((response) => response.ok)
    .catch(() => false)
    .then((built) => {
      app.dataset.built = String(built);
      status.textContent = built
        ? 'Built: open it below.'
        : 'Not built yet: run the two commands under “Build it”, then reload this page.';
      open.hidden = !built;
    });
}

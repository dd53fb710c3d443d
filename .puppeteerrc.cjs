// Puppeteer only drives the system Firefox/Chromium (see ../shared/TOOLCHAIN.md): its own
// browser download cannot reach its host from our machines and would fail `npm ci`.
module.exports = { skipDownload: true };

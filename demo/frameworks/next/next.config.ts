import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Every page rendered to HTML at build time (React's server renderer), then hydrated in the
  // browser: the server-side rendering that docs/frameworks.md describes, served as static files.
  output: 'export',
  distDir: 'dist',
  // Where the reference server serves the built app (/frameworks/next/dist/): Next.js writes
  // absolute asset URLs, so the app works at that path only.
  basePath: '/frameworks/next/dist',
  trailingSlash: true,
  // The package.json build runs with NODE_ENV=development: React's development build, the one
  // that reports hydration mismatches in the console, which test/node/frameworks.test.mjs checks.
  // A site builds with plain `next build`.
  experimental: { allowDevelopmentBuild: true },
  // The example depends on the repository itself ("file:../../.."), linked from outside this
  // folder: Turbopack resolves only files under its root. An app that installs the package
  // (docs/frameworks.md) needs none of this.
  turbopack: { root: fileURLToPath(new URL('../../..', import.meta.url)) },
};

export default config;

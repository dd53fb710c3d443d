import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'server/dist/',
      'node_modules/',
      'coverage/',
      '.data/',
      '.scratch/',
      // What the framework examples' own toolchains build.
      'demo/frameworks/*/dist/',
      'demo/frameworks/*/.angular/',
      'demo/frameworks/*/.next/',
      'demo/frameworks/*/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The widget writes to the console only through its logger, which honours Platform.logger
    // (prefix, level, enabled): a page that silenced it must not hear from us anyway.
    files: ['src/**'],
    ignores: ['src/state/logger.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'console', message: 'Log through createLogger (src/state/logger.ts): it honours Platform.logger.' },
      ],
    },
  },
  {
    // Command-line programs talk to the terminal.
    files: [
      'scripts/**',
      'bench/**',
      'test/**',
      'docs/examples/**',
      'server/src/main.ts',
      'server/src/cli.ts',
      'server/src/cli/**',
      'server/src/log.ts',
      'server/test/**',
      '*.config.*',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) read as bare expressions.
    files: ['test/**', 'server/test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Plain browser scripts served to test pages.
    files: ['test/fixtures/**/*.js', 'demo/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        URLSearchParams: 'readonly',
        customElements: 'readonly',
      },
    },
  },
  {
    // Functions Playwright runs in the page.
    files: ['test/node/frameworks.test.mjs', 'test/e2e/**/*.mjs', 'test/support/axe.mjs'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', getComputedStyle: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);

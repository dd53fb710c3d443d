// The package as a framework user meets it: `npm pack` of the built repository (npm test builds
// it first), then what a user's tools make of the tarball. Installed alone into an empty project
// it brings the widget's runtime packages and nothing of the server; publint --strict and
// are-the-types-wrong (every entry point, TypeScript's node10 resolution included) find nothing;
// custom-elements.json names files the package ships and defines both public tags; the editor
// data has a default for every CSS property; sideEffects lists exactly the files that register
// elements or set globals; no source map ships (bench/README.md, "What an install weighs"); and
// the framework examples' lockfiles still match the root package.json. Only the install reaches
// the npm registry; publint and attw read the tarball alone.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { runCommand as run } from '../support/run-command.mjs';
import { ROOT } from '../support/server.mjs';

/**
 * Everything `npm install @opencx/widget` may add besides the widget: its dependencies (lit and
 * its parts, @lit/context, rxjs, valibot, streaming-markdown, eventsource-parser) and theirs. A new name here is a
 * decision: every page that uses the widget downloads it.
 */
const RUNTIME_PACKAGES = [
  '@lit-labs/ssr-dom-shim',
  '@lit/context',
  '@lit/reactive-element',
  '@types/trusted-types',
  'eventsource-parser',
  'lit',
  'lit-element',
  'lit-html',
  'rxjs',
  'streaming-markdown',
  'tslib',
  'valibot',
];

/** 1 MB = 1,048,576 bytes, as bench/README.md counts. */
const MB = 1024 * 1024;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let scratch;
/** The tarball `npm pack` made, and what it holds (paths without the `package/` prefix). */
let tarball;
let files;
/** The tarball unpacked, as a user's node_modules/@opencx/widget would hold it. */
let unpacked;
/** An empty project that installs the tarball (once, for the tests that need it). */
let installing;

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A package.json `sideEffects` pattern as a RegExp on a path like `dist/x.js` (`*`: within a folder). */
function sideEffectsPattern(glob) {
  const source = glob
    .replace(/^\.\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?|\*/g, (star) => (star === '*' ? '[^/]*' : '.*'));
  return new RegExp(`^${source}$`);
}

before(async () => {
  assert.ok(
    existsSync(join(ROOT, 'dist', 'elements.js')),
    'dist/ is missing: run `node scripts/build.mjs` first (npm test does)',
  );
  scratch = mkdtempSync(join(tmpdir(), 'opencx-package-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  assert.equal(packed.code, 0, `npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  tarball = join(scratch, info.filename);
  files = info.files.map((f) => f.path);
  unpacked = join(scratch, 'unpacked');
  mkdirSync(unpacked);
  const untar = await run('tar', ['-xzf', tarball, '-C', unpacked], scratch);
  assert.equal(untar.code, 0, untar.stderr);
  unpacked = join(unpacked, 'package');
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Installs the tarball into an empty project, once; resolves with the project's folder. */
function install() {
  installing ??= (async () => {
    const app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'widget-user', private: true }));
    const { code, stderr } = await run('npm', ['install', tarball, '--no-audit', '--no-fund'], app);
    assert.equal(code, 0, `npm install of the tarball failed:\n${stderr}`);
    return app;
  })();
  return installing;
}

test('installed alone, it adds only its own runtime packages: nothing of the server', async (t) => {
  const app = await install();
  const lock = JSON.parse(readFileSync(join(app, 'node_modules', '.package-lock.json'), 'utf8'));
  const installed = Object.keys(lock.packages)
    .map((path) => path.replace(/^.*node_modules\//, ''))
    .filter((name) => name !== pkg.name)
    .sort();

  const server = JSON.parse(readFileSync(join(ROOT, 'server', 'package.json'), 'utf8'));
  // The server itself and what it depends on (less what the widget shares with it): named as well
  // as read, so that the check holds while server/package.json changes.
  const serverOnly = new Set(
    [server.name, ...Object.keys(server.dependencies ?? {})]
      .concat(['@electric-sql/pglite', 'pg', 'hono', '@hono/node-server', 'marked', 'htmlparser2'])
      .filter((name) => !RUNTIME_PACKAGES.includes(name)),
  );
  assert.deepEqual(
    installed.filter((name) => serverOnly.has(name)),
    [],
    'a package of the server was installed with the widget',
  );
  assert.deepEqual(installed, RUNTIME_PACKAGES, 'the widget installs exactly its runtime packages');

  // Bytes of the files (what `du --apparent-size` says), and the disk they take in blocks (`du`).
  const everything = walk(join(app, 'node_modules')).filter((f) => !f.endsWith('.package-lock.json'));
  const sizes = everything.map((f) => statSync(f));
  const bytes = sizes.reduce((sum, s) => sum + s.size, 0);
  const disk = sizes.reduce((sum, s) => sum + s.blocks * 512, 0);
  const own = walk(join(app, 'node_modules', ...pkg.name.split('/'))).reduce((sum, f) => sum + statSync(f).size, 0);
  t.diagnostic(
    `widget-only install: ${installed.length} packages besides the widget, ${(bytes / MB).toFixed(1)} MB in ` +
      `${everything.length} files, ${(disk / MB).toFixed(1)} MB on disk (the widget itself: ${(own / MB).toFixed(2)} MB)`,
  );
});

test('publint --strict finds nothing to report', async () => {
  const data = readFileSync(tarball);
  const { messages, pkg: linted } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  assert.equal(linted.name, pkg.name, 'publint read our tarball');
  assert.deepEqual(
    messages.map((m) => `${m.type}: ${formatMessage(m, linted, { color: false })}`),
    [],
  );
});

test('are-the-types-wrong: every entry point has its types, under node10 too', async () => {
  // CJSResolvesToESM alone is let through: the package is ES modules only ("type": "module", an
  // "import" condition), so CommonJS code loads it with import().
  const { code, stdout, stderr } = await run(
    join(ROOT, 'node_modules', '.bin', 'attw'),
    [tarball, '--format', 'json', '--no-definitely-typed', '--ignore-rules', 'cjs-resolves-to-esm'],
    scratch,
  );
  const report = JSON.parse(stdout);
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((p) => p.kind !== 'CJSResolvesToESM');
  assert.deepEqual(problems, [], stderr);
  assert.equal(code, 0, stderr);
  const entrypoints = report.analysis.entrypoints;
  assert.deepEqual(Object.keys(entrypoints).sort(), Object.keys(pkg.exports).sort(), 'attw checked every export');
  for (const [subpath, { resolutions }] of Object.entries(entrypoints)) {
    for (const kind of ['node10', 'node16-esm', 'bundler']) {
      const resolved = resolutions[kind]?.resolution?.fileName;
      assert.ok(resolved, `${subpath} does not resolve under ${kind}`);
    }
  }
});

test('custom-elements.json names only files the package ships, and defines both public tags', () => {
  assert.ok(files.includes('custom-elements.json'), 'the manifest ships');
  const manifest = JSON.parse(readFileSync(join(unpacked, 'custom-elements.json'), 'utf8'));
  const paths = new Set();
  const collect = (value) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'path' || key === 'module') && typeof inner === 'string') paths.add(inner);
        else collect(inner);
      }
    }
  };
  collect(manifest.modules);
  assert.ok(paths.size > 0);
  assert.deepEqual(
    [...paths].filter((path) => !files.includes(path)),
    [],
    'paths in custom-elements.json that are not in the package',
  );

  const definitions = new Map(
    manifest.modules.flatMap((module) =>
      (module.exports ?? [])
        .filter((e) => e.kind === 'custom-element-definition')
        .map((e) => [e.name, { module: module.path, ...e.declaration }]),
    ),
  );
  const tagged = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((d) => d.tagName).map((d) => ({ module: module.path, ...d })),
  );
  for (const tag of ['opencx-chat', 'opencx-trigger'])
    assert.ok(definitions.has(tag), `custom-elements.json defines <${tag}>`);
  // Every element the manifest documents is defined, by the class that declares its tag.
  for (const element of tagged) {
    assert.deepEqual(
      definitions.get(element.tagName),
      { module: element.module, name: element.name },
      `<${element.tagName}> is defined as ${element.name} of ${element.module}`,
    );
  }
  assert.equal(definitions.size, tagged.length, 'no definition without its element');
});

test('the editor data gives every CSS property a default (no "default: undefined")', () => {
  const editorData = files.filter((f) => /\.(json|d\.ts)$/.test(f));
  for (const file of ['dist/vscode.html-custom-data.json', 'dist/web-types.json', 'dist/jsx.d.ts', 'dist/vue.d.ts'])
    assert.ok(editorData.includes(file), `${file} ships`);
  const undefinedDefaults = editorData.filter((f) =>
    /default: undefined/.test(readFileSync(join(unpacked, f), 'utf8')),
  );
  assert.deepEqual(undefinedDefaults, []);
});

test('ships no source maps, and no file points at one', () => {
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map')),
    [],
  );
  const pointing = files.filter(
    (f) => f.endsWith('.js') && /sourceMappingURL=/.test(readFileSync(join(unpacked, f), 'utf8')),
  );
  assert.deepEqual(pointing, []);
});

test('sideEffects lists exactly the files that register elements or set globals when imported', async () => {
  // Each JavaScript file of the package is imported alone, in a Node process of its own, with a
  // page's registry and window stubbed: what the import does to them is its side effect. The files
  // it imports that sideEffects lists already load first, so a chunk is not charged with what its
  // dependencies do (a lazy chunk importing the one that defines the elements). The
  // dependencies come from this repository (react included, for dist/react.js). Lit loads first:
  // it records its versions on globalThis, which is not ours to count. The other dependencies
  // record nothing there, and load only in the processes whose file imports them.
  symlinkSync(join(ROOT, 'node_modules'), join(unpacked, 'node_modules'));
  const probe = join(unpacked, 'probe.mjs');
  writeFileSync(
    probe,
    `const defined = [];
globalThis.customElements = { define: (tag) => defined.push(tag), get: () => undefined, whenDefined: () => new Promise(() => {}) };
globalThis.window = globalThis;
process.on('unhandledRejection', () => {});
await import('lit');
let dependencyFailed = false;
for (const dependency of process.argv.slice(3)) await import(dependency).catch(() => (dependencyFailed = true));
defined.length = 0;
// A page's document, as far as a module may touch it when imported: listening to it, or reading
// which script is running, is a side effect.
const touched = [];
globalThis.document = {
  addEventListener: (type) => touched.push(\`listens to the document's \${type}\`),
  get currentScript() {
    touched.push('reads document.currentScript');
    return null;
  },
};
const before = new Set(Object.getOwnPropertyNames(globalThis));
let failed;
try {
  await import(process.argv[2]);
} catch (error) {
  // A listed dependency that throws here (it needs a page) makes this file throw too: not its own doing.
  if (!dependencyFailed) failed = String(error);
}
await new Promise((resolve) => setTimeout(resolve, 50));
const globals = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
console.log(JSON.stringify({ defined, globals, failed, touched }));
`,
  );
  const patterns = pkg.sideEffects.map(sideEffectsPattern);
  const scripts = files.filter((f) => f.endsWith('.js'));
  const listed = scripts.filter((f) => patterns.some((p) => p.test(f)));
  const effects = {};
  /** The listed files `file` imports statically (bundlers' output: `from"./x.js"`, `import"./x.js"`). */
  const listedImports = (file) =>
    [...readFileSync(join(unpacked, file), 'utf8').matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)]
      .map((m) => posix.join(posix.dirname(file), m[1]))
      .filter((dependency) => listed.includes(dependency))
      .map((dependency) => join(unpacked, dependency));
  const probeOne = async (file) => {
    const { stdout, stderr } = await run(
      process.execPath,
      [probe, join(unpacked, file), ...listedImports(file)],
      unpacked,
    );
    assert.ok(stdout.trim(), `probing ${file} printed nothing:\n${stderr}`);
    const { defined, globals, failed, touched } = JSON.parse(stdout);
    const what = [
      ...defined.map((tag) => `defines <${tag}>`),
      ...touched,
      ...globals.map((name) => `sets ${name}`),
      // A top-level read of a page global (document) is a side effect too.
      ...(failed ? [`throws in Node (${failed})`] : []),
    ];
    if (what.length) effects[file] = what;
  };
  // Two at a time: the machines have two cores.
  const queue = [...scripts];
  await Promise.all(
    [0, 1].map(async () => {
      while (queue.length) await probeOne(queue.shift());
    }),
  );
  assert.deepEqual(
    scripts.filter((f) => effects[f] && !listed.includes(f)).map((f) => `${f}: ${effects[f].join(', ')}`),
    [],
    'files with side effects missing from sideEffects: bundlers may drop them',
  );
  // A listed entry may do nothing itself but import listed chunks that do (elements.js): that is
  // what keeps those chunks when the entry is imported for its effect alone.
  const doesSomething = (file) =>
    Boolean(effects[file]) || listedImports(file).some((d) => doesSomething(relative(unpacked, d)));
  assert.deepEqual(
    listed.filter((f) => !doesSomething(f)),
    [],
    'files in sideEffects that do nothing when imported: bundlers keep them whole for nothing',
  );
  // Every dist pattern matches something: a renamed chunk must not leave a stale pattern behind.
  for (const glob of pkg.sideEffects.filter((g) => g.startsWith('./dist/'))) {
    assert.ok(
      scripts.some((f) => sideEffectsPattern(glob).test(f)),
      `sideEffects pattern ${glob} matches no file of the package`,
    );
  }
  const definer = Object.keys(effects).find((f) => effects[f].includes('defines <opencx-chat>'));
  // In elements.js itself, or in a shared chunk it imports: wherever the chunking put it.
  assert.ok(
    definer === 'dist/elements.js' ||
      (definer !== undefined && listedImports('dist/elements.js').includes(join(unpacked, definer))),
    'the probe sees a registration',
  );
  assert.equal(effects['dist/index.js'], undefined, 'the headless core has no side effect');
});

test("the framework examples' lockfiles record the root package.json as it is", () => {
  // Each example depends on "file:../../..", so its lockfile copies the root's dependencies, and
  // `npm ci` there fails once they differ (demo/frameworks/README.md says how to refresh them).
  // Checked here in a moment; test/node/frameworks.test.mjs finds out only after minutes.
  const fields = ['version', 'dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
  const examples = readdirSync(join(ROOT, 'demo', 'frameworks'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  assert.ok(examples.length >= 4);
  for (const name of examples) {
    const lock = JSON.parse(readFileSync(join(ROOT, 'demo', 'frameworks', name, 'package-lock.json'), 'utf8'));
    const recorded = lock.packages['../../..'];
    assert.ok(recorded, `demo/frameworks/${name} does not depend on the widget as file:../../..`);
    for (const field of fields) {
      assert.deepEqual(
        recorded[field],
        pkg[field],
        `demo/frameworks/${name}/package-lock.json is out of date (${field}): run ` +
          `npm install --package-lock-only --no-audit --no-fund --prefix demo/frameworks/${name}`,
      );
    }
  }
});

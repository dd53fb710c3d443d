// The Custom Elements Manifest (custom-elements.json): what editors and framework tooling read to
// autocomplete our tags, attributes, events, parts and custom properties. Generated from the JSDoc
// of every element by `npm run build`; `npm test` fails when the committed copy is out of date.
// From it, the same run writes the editor data and framework typings that ship in dist/ (see
// frameworkTypings below and docs/frameworks.md).
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJetBrainsWebTypes } from 'custom-element-jet-brains-integration';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

/** Only the events an element documents with @fires: the rest are internal to the widget. */
function documentedEventsOnly() {
  return {
    name: 'opencx-documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.name && e.description);
        }
      }
    },
  };
}

/** `<opencx-chat>` forwards every part of the elements inside its panel (exportparts): list them on it. */
function forwardedParts() {
  const inner = ['opencx-panel', 'opencx-message', 'opencx-composer', 'opencx-escalation-form', 'opencx-contact-form'];
  return {
    name: 'opencx-forwarded-parts',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap((m) => m.declarations ?? []);
      const chat = declarations.find((d) => d.tagName === 'opencx-chat');
      const seen = new Set((chat.cssParts ?? []).map((p) => p.name));
      for (const tag of inner) {
        for (const part of declarations.find((d) => d.tagName === tag)?.cssParts ?? []) {
          if (seen.has(part.name)) continue;
          seen.add(part.name);
          chat.cssParts.push({ ...part, description: `${part.description} (inside the panel)` });
        }
      }
    },
  };
}

/**
 * Our elements register through `define('opencx-x', Class)` (src/elements/define.ts, which guards
 * against a second registration), a call the analyzer does not know: without this, the manifest
 * would list no tag definitions and tools that look elements up by definition would find none.
 */
function defineCalls() {
  return {
    name: 'opencx-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [tag, element] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !element || !ts.isIdentifier(element)) return;
      (moduleDoc.exports ??= []).push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: element.text, module: moduleDoc.path },
      });
    },
  };
}

/**
 * `<opencx-chat>` declares its attributes in one table (src/elements/chat/attributes.ts), not as
 * class fields the analyzer would see: read the table (each entry's comment is its description,
 * its `kind` its type) and list them on the element as attributes and public fields.
 */
function attributeTable() {
  const found = [];
  const typeOf = (ts, kind) => {
    if (ts.isStringLiteral(kind)) return kind.text;
    const values = kind.elements.map((e) => (ts.isStringLiteral(e) ? `'${e.text}'` : e.getText()));
    const flag = values.includes('true') && values.includes('false');
    return [...(flag ? ['boolean'] : []), ...values.filter((v) => !flag || (v !== 'true' && v !== 'false'))].join(
      ' | ',
    );
  };
  return {
    name: 'opencx-attribute-table',
    analyzePhase({ ts, node }) {
      if (!ts.isVariableDeclaration(node) || node.name.getText() !== 'ATTRIBUTES') return;
      let table = node.initializer;
      while (!ts.isObjectLiteralExpression(table)) table = table.expression;
      for (const entry of table.properties) {
        const kind = entry.initializer.properties.find((p) => p.name.getText() === 'kind').initializer;
        const [doc] = ts.getJSDocCommentsAndTags(entry);
        if (typeof doc?.comment !== 'string') throw new Error(`attributes.ts: ${entry.name.getText()} has no comment`);
        found.push({ name: entry.name.getText(), type: `${typeOf(ts, kind)} | undefined`, description: doc.comment });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const chat = customElementsManifest.modules
        .flatMap((m) => m.declarations ?? [])
        .find((d) => d.tagName === 'opencx-chat');
      if (!found.length) throw new Error('custom-elements.json: the attribute table of <opencx-chat> was not found');
      const attribute = (name) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      chat.attributes = [
        ...found.map(({ name, type, description }) => ({
          name: attribute(name),
          type: { text: type },
          description,
          fieldName: name,
        })),
        ...(chat.attributes ?? []),
      ];
      const firstField = chat.members.findIndex((m) => !m.static);
      chat.members.splice(
        firstField,
        0,
        ...found.map(({ name, type, description }) => ({
          kind: 'field',
          name,
          privacy: 'public',
          type: { text: type },
          description,
          attribute: attribute(name),
        })),
      );
    },
  };
}

/**
 * The manifest ships in the package, which has no `src/`: every module points at the declaration
 * file tsc writes for it (`src/x/y.ts` -> `dist/x/y.d.ts`). The JavaScript itself is bundled
 * (`dist/elements.js` for the public elements, a chunk loaded on first intent for the panel's), so
 * no per-module `.js` file exists to name. A superclass the analyzer placed in the module that
 * extends it but that the module does not declare (`Event`) is the browser's global.
 */
function shippedPaths() {
  const shipped = (path) => {
    const match = /^src\/(.+)\.ts$/.exec(path);
    if (!match) throw new Error(`custom-elements.json: ${path} is not a source module; where does it ship?`);
    return `dist/${match[1]}.d.ts`;
  };
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'path' || key === 'module') && typeof inner === 'string') value[key] = shipped(inner);
        else visit(inner);
      }
    }
  };
  return {
    name: 'opencx-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const declared = new Set((module.declarations ?? []).map((d) => d.name));
        for (const declaration of module.declarations ?? []) {
          const superclass = declaration.superclass;
          if (superclass?.module === module.path && !declared.has(superclass.name)) {
            declaration.superclass = { name: superclass.name, package: 'global:' };
          }
        }
      }
      visit(customElementsManifest.modules);
    },
  };
}

/** Modules in path order: the analyzer reads files in no fixed order, and the committed copy must be stable. */
function stableOrder() {
  return {
    name: 'opencx-stable-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}

/** The elements a page writes; the others live inside their shadow roots. */
const PUBLIC_TAGS = ['opencx-chat', 'opencx-trigger'];
const OUT = 'dist';

/** `text` with every `from` replaced by `to`; throws when the generator's output no longer has `from`. */
function replaceAll(text, from, to) {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`framework typings: the generated file no longer contains ${from}; check the generator`);
  return text.replaceAll(from, to);
}

const pascalCase = (name) => name.replace(/(^|-)(\w)/g, (_, _dash, c) => c.toUpperCase());

/**
 * VS Code custom data, JetBrains web-types and the JSX and Vue typings of the public elements, made
 * by the break-stuff/cem-tools generators, then mended where they are wrong for us:
 * - they take an event's type for the type of its `detail` (`CustomEvent<...>`); ours names the
 *   event class itself (`@fires {OpenCXMessageEvent} opencx-message`), so the wrapper comes off;
 * - a JSX attribute with no property of its name (`persist-session`) is an attribute to React 19 and
 *   Preact, which remove it for `false`: that means "not set", so the typings ask for `"false"`;
 * - Vue's type checker (vue-tsc) matches template bindings to camelCase props (`primaryColor`) and
 *   events to `onOpencxMessage`, not to the attribute and event names the Vue generator writes;
 *   and the global JSX namespace it also declares is not Vue's (and would clash with React's).
 * The Svelte generator (custom-element-svelte-integration) is not used: it writes Svelte 4 typings
 * (`on:event`, `bind:prop`) into a `svelteHTML` namespace that, in a module, augments nothing, so
 * svelte-check accepted anything. Svelte 5 types custom elements through `svelte/elements`, with the
 * same `onopencx-message` and attribute names as the JSX typings, which svelte.d.ts reuses.
 */
function frameworkTypings() {
  return {
    name: 'opencx-framework-typings',
    packageLinkPhase({ customElementsManifest }) {
      const manifest = JSON.parse(JSON.stringify(customElementsManifest));
      const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
      const elements = declarations.filter((d) => PUBLIC_TAGS.includes(d.tagName));
      const exclude = declarations.filter((d) => d.tagName && !PUBLIC_TAGS.includes(d.tagName)).map((d) => d.name);
      // Read-only getters (unreadCount, ...) are not something a template can bind.
      for (const d of elements) d.members = d.members?.filter((m) => !m.readonly);
      const common = { outdir: OUT, exclude, hideLogs: true };
      const typings = { ...common, globalTypePath: './elements.js' };
      generateVsCodeCustomElementData(manifest, {
        ...common,
        htmlFileName: 'vscode.html-custom-data.json',
        cssFileName: 'vscode.css-custom-data.json',
      });
      generateJetBrainsWebTypes(manifest, { ...common, webTypesFileName: 'web-types.json' });
      generateJsxTypes(manifest, { ...typings, fileName: 'jsx.d.ts' });
      generateVuejsTypes(manifest, { ...typings, fileName: 'vue.d.ts' });

      const mend = (file, change) => writeFileSync(join(OUT, file), change(readFileSync(join(OUT, file), 'utf8')));
      const eventClasses = (text) => replaceAll(text, /CustomEvent<(OpenCX\w+Event)>/g, '$1');
      mend('jsx.d.ts', (text) => {
        text = eventClasses(text);
        for (const element of elements) {
          for (const { name, fieldName, type } of element.attributes ?? []) {
            if (name === fieldName || !type?.text.includes('boolean')) continue;
            const key = `"${name}"?: ${element.name}["${fieldName}"];`;
            text = replaceAll(text, key, `"${name}"?: Exclude<${element.name}["${fieldName}"], false> | "false";`);
          }
        }
        return text;
      });
      mend('vue.d.ts', (text) => {
        text = eventClasses(text);
        for (const element of elements) {
          for (const { name, fieldName } of element.attributes ?? []) {
            if (name !== fieldName) text = replaceAll(text, `"${name}"?:`, `${fieldName}?:`);
          }
          for (const { name } of element.events ?? [])
            text = replaceAll(text, `"on${name}"?:`, `on${pascalCase(name)}?:`);
        }
        return replaceAll(text, /\ndeclare global \{\n {2}namespace JSX \{[^}]*\}\n {2}\}\n\}\n/g, '\n');
      });
      writeFileSync(join(OUT, 'svelte.d.ts'), svelteTypings(elements));
    },
  };
}

/** Svelte 5: our elements in `svelte/elements`, Svelte's own HTML attributes plus the JSX typings' props and events. */
function svelteTypings(elements) {
  const names = elements.map((e) => e.name).join(', ');
  const entries = elements.map(
    (e) =>
      `    /** ${e.summary.replace(/\s+/g, ' ')} */\n    '${e.tagName}': HTMLAttributes<${e.name}> & ${e.name}Props;`,
  );
  return [
    '// Generated by `npm run build` (custom-elements-manifest.config.mjs). Use: docs/frameworks.md#svelte',
    "import type { HTMLAttributes } from 'svelte/elements';",
    `import type { ${names} } from './elements.js';`,
    `import type { ${elements.map((e) => `${e.name}Props`).join(', ')} } from './jsx.js';`,
    '',
    "declare module 'svelte/elements' {",
    '  interface SvelteHTMLElements {',
    ...entries,
    '  }',
    '}',
    '',
  ].join('\n');
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: [
    'src/elements/**/*.styles.ts',
    'src/elements/define.ts',
    'src/elements/**/contrast.ts',
    'src/elements/**/chat-runtime.ts',
    'src/elements/panel/parts.ts',
  ],
  outdir: '.',
  litelement: true,
  // package.json carries "customElements" already; the analyzer must not rewrite it.
  packagejson: false,
  plugins: [
    defineCalls(),
    attributeTable(),
    documentedEventsOnly(),
    forwardedParts(),
    shippedPaths(),
    stableOrder(),
    frameworkTypings(),
  ],
};

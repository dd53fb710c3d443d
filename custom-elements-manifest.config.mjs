// The Custom Elements Manifest (custom-elements.json): what editors and framework tooling read to
// autocomplete our tags, attributes, events, parts and custom properties. Generated from the JSDoc
// of every element by `npm run build`; `npm test` fails when the committed copy is out of date.

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

/** Modules in path order: the analyzer reads files in no fixed order, and the committed copy must be stable. */
function stableOrder() {
  return {
    name: 'opencx-stable-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    },
  };
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
  plugins: [documentedEventsOnly(), forwardedParts(), stableOrder()],
};

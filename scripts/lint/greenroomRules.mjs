// Greenroom's own lint rules: the layer rule as an allow-list per layer, and no focused or unexplained skipped tests.
import path from 'node:path';

/**
 * @typedef {{ layers: string[], modules: string[], files?: string[] }} LayerPolicy what a layer may
 *   import: layers by folder name (its own included), modules by exact name or by a `prefix/*`, and
 *   files outside src/ by their path from the repository's root
 * @typedef {import('eslint').Rule.RuleModule} RuleModule
 * @typedef {import('estree').Node} Node
 */

/** @param {string} specifier @param {string[]} allowed */
function moduleAllowed(specifier, allowed) {
  return allowed.some((entry) => (entry.endsWith('/*') ? specifier.startsWith(entry.slice(0, -1)) : specifier === entry));
}

/** @type {RuleModule} */
const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder under src/ is a layer and imports only what its allow-list names, statically or with import().' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, layers: { type: 'object' } }, required: ['root', 'layers'] }],
  },
  create(context) {
    /** @type {{ root: string, layers: Record<string, LayerPolicy> }} */
    const { root, layers } = context.options[0];
    const srcRoot = path.join(root, 'src');
    const file = context.filename;
    const layer = path.relative(srcRoot, file).split(path.sep)[0];
    const policy = layers[layer];
    if (!policy || path.relative(srcRoot, file).startsWith('..')) return {};

    /** @param {Node} node @param {string} specifier */
    function check(node, specifier) {
      if (specifier.startsWith('.')) {
        const target = path.relative(srcRoot, path.resolve(path.dirname(file), specifier));
        const targetLayer = target.split(path.sep)[0];
        if (target.startsWith('..')) {
          // Outside src/: a package's file is checked as that module; any other file must be named.
          const fromRoot = path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
          const [, inPackage] = /^node_modules\/(.*)$/.exec(fromRoot) ?? [];
          if (inPackage ? !moduleAllowed(inPackage, policy.modules) : !(policy.files ?? []).includes(fromRoot))
            context.report({ node, message: `src/${layer} may not import '${fromRoot}': it is not on the layer's allow-list in eslint.config.mjs (see docs/ARCHITECTURE.md, Layers).` });
        } else if (!policy.layers.includes(targetLayer)) context.report({ node, message: `src/${layer} may not import src/${targetLayer}; it may import ${policy.layers.map((l) => `src/${l}`).join(', ')} (see docs/ARCHITECTURE.md, Layers).` });
      } else if (!moduleAllowed(specifier, policy.modules)) {
        context.report({ node, message: `src/${layer} may not import '${specifier}': it is not on the layer's allow-list in eslint.config.mjs (see docs/ARCHITECTURE.md, Layers).` });
      }
    }

    /** @param {Node} node @param {Node | null | undefined} source */
    function checkSource(node, source) {
      if (!source) return;
      if (source.type === 'Literal' && typeof source.value === 'string') check(node, source.value);
      else if (source.type === 'TemplateLiteral' && source.expressions.length === 0) check(node, source.quasis[0].value.cooked ?? '');
      else context.report({ node, message: `src/${layer} may import only literal module names, so that the layer rule can see them.` });
    }

    return {
      ImportDeclaration: (node) => checkSource(node, node.source),
      ExportNamedDeclaration: (node) => checkSource(node, node.source),
      ExportAllDeclaration: (node) => checkSource(node, node.source),
      ImportExpression: (node) => checkSource(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') checkSource(node, node.arguments[0]);
      },
    };
  },
};

const TEST_FUNCTIONS = new Set(['describe', 'context', 'it', 'specify', 'suite', 'test']);

/** @type {RuleModule} */
const testFocus = {
  meta: {
    type: 'problem',
    docs: { description: 'No .only in committed tests, and every skipped test says why in a comment beside it.' },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;
    /** Whether a comment sits on the node's line or the line above. @param {Node} node */
    function explained(node) {
      const line = node.loc?.start.line ?? 0;
      return source.getAllComments().some((comment) => comment.loc && comment.loc.end.line >= line - 1 && comment.loc.start.line <= line);
    }
    return {
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || !TEST_FUNCTIONS.has(node.object.name) || node.property.type !== 'Identifier') return;
        if (node.property.name === 'only') context.report({ node, message: `${node.object.name}.only would silently leave every other test unrun.` });
        if (node.property.name === 'skip' && !explained(node)) context.report({ node, message: `${node.object.name}.skip needs a comment beside it saying why.` });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.object.type !== 'ThisExpression' || callee.property.type !== 'Identifier' || callee.property.name !== 'skip') return;
        // A skip under an `if` names its reason in the condition.
        const statement = source.getAncestors(node).reverse().find((ancestor) => ancestor.type === 'IfStatement');
        if (!statement && !explained(node)) context.report({ node, message: 'this.skip() needs a condition or a comment beside it saying why.' });
      },
    };
  },
};

export default { rules: { 'layer-imports': layerImports, 'test-focus': testFocus } };

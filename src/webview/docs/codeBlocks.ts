import type { RootContent } from 'hast';
import { common, createLowlight } from 'lowlight';

/** highlight.js' common languages: the ones docs mostly show (shell, YAML, JSON, TypeScript, Python, Java, Go…). */
const lowlight = createLowlight(common);

/** Past these, code is shown as written: highlighting it would hold up the page while it is typed. */
const MAX_HIGHLIGHTED_CHARS = 100_000;
const MAX_PAGE_HIGHLIGHTED_CHARS = 200_000;

/**
 * Fenced code highlighted in the language markdown-it names in its class (`language-yaml`). Each block is built
 * again from its text as DOM nodes from highlight.js' token tree, so a block can bring no markup into the page.
 */
export function highlightCodeBlocks(root: ParentNode): void {
  let budget = MAX_PAGE_HIGHLIGHTED_CHARS;
  for (const code of root.querySelectorAll<HTMLElement>('pre > code[class*="language-"]')) {
    const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1];
    const text = code.textContent ?? '';
    if (!language || !lowlight.registered(language) || text.length > Math.min(MAX_HIGHLIGHTED_CHARS, budget)) continue;
    budget -= text.length;
    code.replaceChildren(...lowlight.highlight(language, text).children.map(toNode));
  }
}

function toNode(node: RootContent): Node {
  if (node.type !== 'element') return document.createTextNode(node.type === 'text' ? node.value : '');
  const span = document.createElement('span');
  const className = node.properties.className;
  if (Array.isArray(className)) span.className = className.join(' ');
  span.append(...node.children.map(toNode));
  return span;
}

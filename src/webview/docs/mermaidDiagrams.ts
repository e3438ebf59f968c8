// Mermaid diagrams of fenced `mermaid` blocks, drawn in the page. Mermaid's own bundle is loaded only by a page
// that has a diagram, with the page's script nonce; its styles go into a style element carrying that nonce, so
// the page's policy stays "scripts and styles of its own only".
import DOMPurify from 'dompurify';

interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

declare global {
  interface Window {
    mermaid?: Mermaid;
  }
}

/** The page script's nonce and where Mermaid's bundle is: read while the page script runs. */
const script = document.currentScript as HTMLScriptElement | null;
const nonce = script?.nonce ?? '';
const mermaidUrl = script?.dataset.mermaid ?? '';
let loading: Promise<Mermaid> | undefined;
let drawn = 0;

/** Diagrams are drawn in the theme's colours: a theme change (VS Code sets the body's class) draws them again. */
new MutationObserver(() => {
  const dark = isDark();
  for (const figure of document.querySelectorAll<HTMLElement>('figure.diagram')) {
    if (figure.dataset.dark === String(dark)) continue;
    const block = document.createElement('pre');
    block.className = 'mermaid';
    block.textContent = figure.dataset.source ?? '';
    figure.replaceWith(block);
  }
  void drawDiagrams(document.body);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

function isDark(): boolean {
  return document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
}

export async function drawDiagrams(root: HTMLElement): Promise<void> {
  const blocks = [...root.querySelectorAll<HTMLElement>('pre.mermaid')];
  if (blocks.length === 0) return;
  let mermaid: Mermaid;
  try {
    mermaid = await (loading ??= load());
  } catch (error) {
    for (const block of blocks) block.dataset.error = String(error);
    return;
  }
  const dark = isDark();
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default', htmlLabels: false, flowchart: { htmlLabels: false } });
  // Labels as SVG text: HTML labels would need foreignObject, which the sanitiser removes.
  for (const block of blocks) {
    const id = `diagram-${++drawn}`;
    try {
      const source = block.textContent ?? '';
      const { svg } = await mermaid.render(id, source);
      const figure = figureOf(svg);
      figure.dataset.source = source;
      figure.dataset.dark = String(dark);
      block.replaceWith(figure);
    } catch (error) {
      block.classList.add('diagram-error');
      block.title = `Mermaid could not draw this diagram: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

function load(): Promise<Mermaid> {
  return new Promise((resolve, reject) => {
    if (window.mermaid) return resolve(window.mermaid);
    const tag = document.createElement('script');
    tag.nonce = nonce;
    tag.src = mermaidUrl;
    tag.onload = () => (window.mermaid ? resolve(window.mermaid) : reject(new Error('Mermaid did not load')));
    tag.onerror = () => reject(new Error('Mermaid could not be loaded'));
    document.head.append(tag);
  });
}

/** The drawn SVG, sanitised, its style elements moved into one the page's policy allows. */
function figureOf(svg: string): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'diagram';
  const clean = DOMPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true }, RETURN_DOM_FRAGMENT: true, ADD_TAGS: ['style'] });
  const css = [...clean.querySelectorAll('style')].map((style) => {
    style.remove();
    return style.textContent ?? '';
  });
  if (css.length > 0) {
    const style = document.createElement('style');
    style.nonce = nonce;
    style.textContent = css.join('\n');
    figure.append(style);
  }
  figure.append(clean);
  return figure;
}

// A TechDocs page rendered as TechDocs renders it: Markdown with the Python-Markdown extensions techdocs-core
// enables, heading ids as mkdocs makes them, and the links and images it names, with their lines.
import MarkdownIt from 'markdown-it';
import markdownItAttrs from 'markdown-it-attrs';
import markdownItDeflist from 'markdown-it-deflist';
import markdownItFootnote from 'markdown-it-footnote';
import markdownItTaskLists from 'markdown-it-task-lists';
import { HeadingIds } from './headingIds';
import { frontMatter, pageTitle } from './docsSite';
import { pythonMarkdownBlocks } from './pythonMarkdownBlocks';

export interface PageHeading {
  level: number;
  text: string;
  id: string;
  /** Zero-based line in the page's Markdown. */
  line: number;
}

/** A link or image the page names, with where its target is written (zero-based). */
export interface PageLink {
  target: string;
  line: number;
  column: number;
  image: boolean;
}

export interface RenderedPage {
  /** HTML as the Markdown gives it (raw HTML included): the viewer sanitises it before showing it. */
  html: string;
  title: string;
  headings: PageHeading[];
  links: PageLink[];
}

/**
 * markdown-it-attrs tests every token of a page against its patterns, more than half of a long page's render time:
 * a page that writes no attribute list (`{#id}`, `{.class}`, `{: …}`, `{key=value}`) is rendered without it, to the
 * same HTML.
 */
const withAttrs = createRenderer(true);
const withoutAttrs = createRenderer(false);
const ATTRIBUTE_LIST = /\{[ \t]*[:#.\w]/;
const rendererFor = (body: string) => (ATTRIBUTE_LIST.test(body) ? withAttrs : withoutAttrs);

/** Renders a page of a site; `page` is its path in the docs folder (for its title), `isHomepage` for the root index. */
export function renderPage(page: string, text: string, isHomepage = false): RenderedPage {
  const body = withoutFrontMatter(text);
  const env: RenderEnv = { headings: [], links: [] };
  const html = rendererFor(body).render(body, env);
  placeLinks(env.links, body.split('\n'));
  const links = env.links.map(({ endLine: _, ...link }) => link);
  return { html, title: pageTitle(page, text, isHomepage), headings: env.headings, links };
}

/** A part of a page for search: the words before its first sub-heading, then those under each heading. */
export interface PageSection {
  heading?: { text: string; id: string };
  text: string;
}

/** A section's words beyond this many characters are not searched: a page is read, not stored. */
const MAX_SECTION_CHARS = 20_000;

/**
 * A page's title and its words by section, for search: parsed as `renderPage` parses it (the same heading ids),
 * without rendering. Code is searchable as written; markup is not.
 */
export function pageSections(page: string, text: string, isHomepage = false): { title: string; sections: PageSection[] } {
  const env: RenderEnv = { headings: [], links: [] };
  const body = withoutFrontMatter(text);
  const tokens = rendererFor(body).parse(body, env);
  const sections: PageSection[] = [];
  let current: { heading?: PageSection['heading']; parts: string[]; length: number } = { parts: [], length: 0 };
  const close = () => sections.push({ heading: current.heading, text: current.parts.join(' ').replace(/\s+/g, ' ').trim() });
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.type === 'heading_open') {
      // The page's title is the page's own entry; each other heading opens a section.
      if (token.tag !== 'h1') {
        close();
        current = { heading: { text: plainText(tokens[index + 1]?.children ?? []), id: String(token.attrGet('id') ?? '') }, parts: [], length: 0 };
      }
      index += 2;
      continue;
    }
    const words = token.type === 'inline' ? plainText(token.children ?? []) : token.type === 'fence' || token.type === 'code_block' ? token.content : '';
    if (!words || current.length >= MAX_SECTION_CHARS) continue;
    current.parts.push(words.slice(0, MAX_SECTION_CHARS - current.length));
    current.length += words.length;
  }
  close();
  return { title: pageTitle(page, text, isHomepage), sections };
}

/** Front matter is blanked, not cut, so that lines keep their numbers. */
function withoutFrontMatter(text: string): string {
  const front = frontMatter(text);
  return text.slice(0, front.length).replace(/[^\n]/g, '') + text.slice(front.length);
}

type RenderEnv = {
  headings: PageHeading[];
  links: (PageLink & { endLine: number })[];
};

function createRenderer(attributeLists: boolean): MarkdownIt.MarkdownIt {
  // Raw HTML passes through as Python-Markdown passes it; the viewer sanitises.
  const renderer = new MarkdownIt({ html: true, linkify: false, typographer: false });
  renderer.use(pythonMarkdownBlocks);
  renderer.use(markdownItFootnote);
  renderer.use(markdownItDeflist);
  renderer.use(markdownItTaskLists, { enabled: false, label: true });
  if (attributeLists) {
    // attr_list: ids and classes only, so that no attribute can carry a handler or a style.
    renderer.use(markdownItAttrs, { leftDelimiter: '{', rightDelimiter: '}', allowedAttributes: ['id', 'class'] });
    // attr_list writes `{: #id }`; markdown-it-attrs reads `{#id}`.
    renderer.core.ruler.before('normalize', 'attr_list_colon', (state) => {
      state.src = state.src.replace(/\{:[ \t]*(?=[#.\w])/g, '{');
    });
  }
  renderer.core.ruler.push('heading_ids', (state) => {
    const env = state.env as unknown as RenderEnv;
    const ids = new HeadingIds();
    const tokens = state.tokens;
    // Explicit ids are taken first, as toc reserves them before numbering the others.
    for (const token of tokens) if (token.type === 'heading_open' && token.attrGet('id')) ids.reserve(String(token.attrGet('id')));
    tokens.forEach((token, index) => {
      if (token.type !== 'heading_open') return;
      const text = plainText(tokens[index + 1]?.children ?? []);
      const explicit = token.attrGet('id');
      const id = explicit === null ? ids.next(text) : String(explicit);
      token.attrSet('id', id);
      env.headings.push({ level: Number(token.tag.slice(1)), text, id, line: token.map?.[0] ?? 0 });
    });
    collectLinks(tokens, env.links, [0, 1]);
  });
  // toc's permalink: a ¶ after the heading's text.
  renderer.renderer.rules.heading_close = (tokens, index) => {
    const open = tokens[index - 2];
    const id = open?.attrGet('id');
    return `${id !== null && id !== undefined ? `<a class="headerlink" href="#${renderer.utils.escapeHtml(String(id))}" title="Permanent link">&para;</a>` : ''}</${tokens[index].tag}>\n`;
  };
  // Mermaid diagrams are drawn by the viewer; code is shown as written.
  const fence = renderer.renderer.rules.fence;
  renderer.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token.info.trim().split(/\s+/)[0] === 'mermaid') return `<pre class="mermaid">${renderer.utils.escapeHtml(token.content)}</pre>\n`;
    return fence ? fence(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  return renderer;
}

/** A heading's text as toc reads it: its words without markup, code included. */
function plainText(children: MarkdownIt.Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      return child.children ? plainText(child.children) : '';
    })
    .join('');
}

/** Links and images with the lines of the block that holds them; `placeLinks` finds their own line. */
function collectLinks(tokens: MarkdownIt.Token[], links: RenderEnv['links'], lines: readonly [number, number]): void {
  for (const token of tokens) {
    const at = token.map ? ([token.map[0], token.map[1]] as const) : lines;
    if (token.type === 'link_open') links.push({ target: String(token.attrGet('href') ?? ''), line: at[0], endLine: at[1], column: 0, image: false });
    if (token.type === 'image') links.push({ target: String(token.attrGet('src') ?? ''), line: at[0], endLine: at[1], column: 0, image: true });
    if (token.children) collectLinks(token.children, links, at);
  }
}

/** Moves each link to the line and column where its target is written (markdown-it keeps only the block's lines). */
function placeLinks(links: RenderEnv['links'], lines: readonly string[]): void {
  for (const link of links) {
    let written = link.target;
    try {
      written = decodeURI(link.target);
    } catch {
      // Kept as markdown-it wrote it.
    }
    for (let line = link.line; line < Math.min(link.endLine, lines.length); line++) {
      const column = [written, link.target].map((form) => lines[line].indexOf(`(${form}`)).find((found) => found >= 0);
      if (column === undefined) continue;
      link.line = line;
      link.column = column + 1;
      break;
    }
  }
}

// Python-Markdown's indented blocks, which techdocs-core enables and no maintained markdown-it plugin reads:
// admonitions (`!!! note "Title"`), pymdownx details (`??? note`, `???+` open) and pymdownx tabbed (`=== "Tab"`).
// Each is a marker line and the lines under it indented by four spaces, read as Markdown in their own right.
import type MarkdownIt from 'markdown-it';

type StateBlock = MarkdownIt.StateBlock;
type Token = MarkdownIt.Token;

const MARKER = /^(!!!|\?\?\?\+?|===\+?)[ \t]*([\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*(?:"([^"]*)")?[ \t]*$/;

type BlockMeta = {
  kind: 'admonition' | 'details' | 'tab';
  classes: string[];
  title: string | undefined;
  open: boolean;
};

export function pythonMarkdownBlocks(md: MarkdownIt.MarkdownIt): void {
  md.block.ruler.before('fence', 'python_markdown_blocks', (state, startLine, endLine, silent) => rule(state, startLine, endLine, silent), {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  const escape = md.utils.escapeHtml;
  md.renderer.rules.pymd_open = (tokens, index) => {
    const meta = metaOf(tokens[index]);
    const classes = escape(meta.classes.join(' '));
    const title = meta.title === undefined ? titleOf(meta.classes[0] ?? meta.kind) : meta.title;
    if (meta.kind === 'admonition') return `<div class="admonition ${classes}">\n${title ? `<p class="admonition-title">${escape(title)}</p>\n` : ''}`;
    if (meta.kind === 'details') return `<details class="${classes}"${meta.open ? ' open' : ''}>\n<summary>${escape(title)}</summary>\n`;
    // Tabs next to each other form one set, as pymdownx.tabbed groups them.
    const startsSet = !(tokens[index - 1]?.type === 'pymd_close' && metaOf(tokens[index - 1]).kind === 'tab') || meta.open;
    return `${startsSet ? '<div class="tabbed-set">\n' : ''}<div class="tabbed-block" data-title="${escape(meta.title ?? '')}">\n`;
  };
  md.renderer.rules.pymd_close = (tokens, index) => {
    const meta = metaOf(tokens[index]);
    if (meta.kind === 'admonition') return '</div>\n';
    if (meta.kind === 'details') return '</details>\n';
    const next = tokens[index + 1];
    const endsSet = !(next?.type === 'pymd_open' && metaOf(next).kind === 'tab' && !metaOf(next).open);
    return `</div>\n${endsSet ? '</div>\n' : ''}`;
  };
}

function rule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const line = state.src.slice(state.bMarks[startLine] + state.tShift[startLine], state.eMarks[startLine]);
  const match = MARKER.exec(line);
  if (!match) return false;
  const [, marker, typeWords, title] = match;
  const kind: BlockMeta['kind'] = marker.startsWith('!') ? 'admonition' : marker.startsWith('?') ? 'details' : 'tab';
  // A tab needs its title; an admonition or details block its type.
  if (kind === 'tab' ? title === undefined || typeWords !== undefined : typeWords === undefined) return false;
  if (silent) return true;

  // The body: every following line indented four more spaces, and blank lines between them.
  let last = startLine;
  for (let next = startLine + 1; next < endLine; next++) {
    if (state.isEmpty(next)) continue;
    if (state.sCount[next] - state.blkIndent < 4) break;
    last = next;
  }
  const meta: BlockMeta = { kind, classes: typeWords ? typeWords.split(/[ \t]+/) : [], title, open: marker.endsWith('+') };
  const open: Token = state.push('pymd_open', 'div', 1);
  open.meta = meta;
  open.map = [startLine, last + 1];
  open.block = true;

  const oldIndent = state.blkIndent;
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.blkIndent += 4;
  // 'blockquote' lets the body's first paragraph end at a blank line as a nested block's does.
  state.parentType = 'blockquote';
  state.lineMax = last + 1;
  state.md.block.tokenize(state, startLine + 1, last + 1);
  state.blkIndent = oldIndent;
  state.parentType = oldParent;
  state.lineMax = oldLineMax;

  const close: Token = state.push('pymd_close', 'div', -1);
  close.meta = meta;
  close.block = true;
  state.line = last + 1;
  return true;
}

function metaOf(token: Token): BlockMeta {
  return token.meta as unknown as BlockMeta;
}

/** Python-Markdown's default title: the type, capitalised. */
function titleOf(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

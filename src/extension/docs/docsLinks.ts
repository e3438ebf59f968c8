// Where a docs page's links lead, decided without the vscode module so that it is tested on its own.
/**
 * Where a relative link of a page leads in the docs folder (`/`-separated), and its anchor: decoded first, then
 * resolved, so that an encoded `..%2f` cannot climb out; undefined when it leaves the folder.
 */
export function docsTarget(fromPage: string, href: string): [string | undefined, string | undefined] {
  const hash = href.indexOf('#');
  const anchor = hash >= 0 ? safeDecode(href.slice(hash + 1)) : undefined;
  const bare = safeDecode(href.replace(/[?#].*$/, ''));
  if (bare.startsWith('/') || bare.includes('\\') || bare.includes('\0')) return [undefined, anchor];
  const parts = fromPage.split('/').slice(0, -1);
  for (const part of bare.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return [undefined, anchor];
      parts.pop();
    } else parts.push(part);
  }
  const target = parts.join('/');
  return [bare === '' ? fromPage : bare.endsWith('/') && target ? `${target}/` : target, anchor || undefined];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

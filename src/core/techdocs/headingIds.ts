// Heading anchor ids as mkdocs makes them: Python-Markdown's toc extension, its default slugify and its
// way of making a repeated id unique, so that a link written for Backstage's TechDocs lands here too.

/** Python-Markdown's `slugify`: ASCII letters, digits, `_` and `-` of the heading's text, lower-cased. */
export function slugify(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[^\x20-\x7e\t\n\r]/g, '');
  return ascii
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** toc's `strip_tags`: what looks like a tag goes, an escaped `\<System>` in a heading included, then runs of spaces become one. */
export function stripTags(text: string): string {
  let plain = text;
  for (let start = plain.indexOf('<!--'), end = plain.indexOf('-->', start); start !== -1 && end !== -1; start = plain.indexOf('<!--'), end = plain.indexOf('-->', start)) {
    plain = plain.slice(0, start) + plain.slice(end + 3);
  }
  for (let start = plain.indexOf('<'), end = plain.indexOf('>', start); start !== -1 && end !== -1; start = plain.indexOf('<'), end = plain.indexOf('>', start)) {
    plain = plain.slice(0, start) + plain.slice(end + 1);
  }
  return plain.split(/\s+/).filter(Boolean).join(' ');
}

/** Hands out a page's ids in order: a second "Setup" becomes `setup_1`, as toc's `unique` does. */
export class HeadingIds {
  private readonly used = new Set<string>();

  /** Reserves an id given explicitly (`{#id}`), so that a later heading does not take it. */
  reserve(id: string): string {
    this.used.add(id);
    return id;
  }

  next(text: string): string {
    let id = slugify(stripTags(text));
    while (this.used.has(id) || id === '') {
      const numbered = /^(.*)_([0-9]+)$/.exec(id);
      id = numbered ? `${numbered[1]}_${Number(numbered[2]) + 1}` : `${id}_1`;
    }
    this.used.add(id);
    return id;
  }
}
